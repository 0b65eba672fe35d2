// FlatHashMap against std::unordered_map: the same answers after any mix of inserts, look-ups
// and erases, also when every key lands in a few slots (long runs that wrap round the array,
// where erasing must shift the entries behind the hole back) and after it has grown.
#include "models/core/flat_hash_map.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

namespace aimc {
namespace {

// A poor hash: 8 homes for every key, so runs are long and cross the array's end.
struct FewHomes {
  size_t operator()(uint64_t k) const { return size_t((k % 8) * 0x1F3); }
};

template <typename Hash>
void same_as_unordered_map(uint64_t key_range, int ops, uint64_t seed) {
  std::mt19937_64 rng(seed);
  FlatHashMap<uint64_t, int, Hash> flat;
  std::unordered_map<uint64_t, int> ref;
  for (int op = 0; op < ops; ++op) {
    const uint64_t k = rng() % key_range;
    switch (rng() % 4) {
      case 0:
      case 1:
        flat.find_or_insert(k) = op;
        ref[k] = op;
        break;
      case 2:
        ASSERT_EQ(flat.erase(k), ref.erase(k) == 1) << "erase " << k << " at op " << op;
        break;
      default: {
        const int* got = flat.find(k);
        const auto it = ref.find(k);
        ASSERT_EQ(got != nullptr, it != ref.end()) << "find " << k << " at op " << op;
        if (got != nullptr) {
          ASSERT_EQ(*got, it->second);
        }
      }
    }
    ASSERT_EQ(flat.size(), ref.size());
  }
  size_t seen = 0;
  flat.for_each([&](uint64_t k, int v) {
    ++seen;
    ASSERT_EQ(ref.at(k), v);
  });
  EXPECT_EQ(seen, ref.size());
}

TEST(FlatHashMap, AgreesWithUnorderedMap) { same_as_unordered_map<MixedHash>(5000, 200000, 1); }

TEST(FlatHashMap, AgreesWithUnorderedMapWhenKeysCollide) { same_as_unordered_map<FewHomes>(300, 100000, 2); }

TEST(FlatHashMap, KeepsEveryEntryAsItGrows) {
  FlatHashMap<uint64_t, uint64_t> m;
  for (uint64_t k = 0; k < 100000; ++k) m[k * 7919] = k;
  ASSERT_EQ(m.size(), 100000u);
  for (uint64_t k = 0; k < 100000; ++k) ASSERT_EQ(*m.find(k * 7919), k);
  EXPECT_EQ(m.find(1), nullptr);
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(0), nullptr);
}

}  // namespace
}  // namespace aimc
