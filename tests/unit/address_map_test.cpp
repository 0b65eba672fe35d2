// AddressMap is a bijection between byte addresses (per 32 B access) and DRAM coordinates,
// for the default order, split slices, stack IDs and XOR bank hashing.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "models/core/address_map.h"
#include "models/params/scenario.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

void expect_round_trips(const AddressMap& map, const Organization& org, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const uint64_t accesses = map.capacity_bytes() / uint64_t(map.access_bytes());
  std::uniform_int_distribution<uint64_t> pick(0, accesses - 1);
  for (int i = 0; i < 200000; ++i) {
    const uint64_t addr = pick(rng) * uint64_t(map.access_bytes());
    const DramAddress a = map.decode(addr);
    ASSERT_GE(a.channel, 0);
    ASSERT_LT(a.channel, org.channels);
    ASSERT_LT(a.pseudo_channel, org.pseudo_channels);
    ASSERT_LT(a.bank_group, org.bank_groups_per_pc());
    ASSERT_LT(a.bank, org.banks_per_group);
    ASSERT_LT(a.row, org.rows);
    ASSERT_LT(a.column, org.columns);
    ASSERT_EQ(map.encode(a), addr) << "address " << addr;
  }
}

// Exhaustive over a small organization: every coordinate is hit exactly once.
void expect_bijective_small(const AddressMapConfig& cfg, int stack_ids = 1) {
  Organization org;
  org.channels = 2;
  org.pseudo_channels = 2;
  org.stack_ids = stack_ids;
  org.bank_groups = 4;
  org.banks_per_group = 2;
  org.rows = 24;  // not a power of two: the row is the top radix
  org.columns = 8;
  org.access_bytes = 32;
  org.burst_length = 8;
  const AddressMap map(org, cfg);
  std::set<uint64_t> seen;
  for (uint64_t addr = 0; addr < map.capacity_bytes(); addr += 32) {
    const DramAddress a = map.decode(addr);
    ASSERT_LT(a.bank_group, 4 * stack_ids);
    const uint64_t key =
        ((((uint64_t(a.channel) * 2 + a.pseudo_channel) * uint64_t(4 * stack_ids) + uint64_t(a.bank_group)) * 2 + a.bank) *
             24 + uint64_t(a.row)) * 8 + a.column;
    ASSERT_TRUE(seen.insert(key).second) << "two addresses map to one location";
    ASSERT_EQ(map.encode(a), addr);
  }
  EXPECT_EQ(seen.size(), map.capacity_bytes() / 32);
}

// Several stacks: blocks of the interleave go to the stacks in turn, each stack keeps its own
// map inside them, and the whole map stays a bijection over every stack's channels.
TEST(AddressMap, StacksTakeInterleavedBlocksInTurn) {
  MemSpec m = test::hbm3e();
  const Organization one_stack = m.org;
  m.org.stacks = 6;
  m.org.channels *= 6;
  AddressMapConfig cfg;
  cfg.stack_interleave_bytes = 4096;
  const AddressMap map(m.org, cfg);
  const AddressMap single(one_stack, AddressMapConfig{});
  EXPECT_EQ(map.capacity_bytes(), 6 * single.capacity_bytes());
  for (uint64_t block = 0; block < 64; ++block) {
    for (uint64_t offset : {uint64_t{0}, uint64_t{32}, uint64_t{4064}}) {
      const DramAddress a = map.decode(block * 4096 + offset);
      const int stack = int(block % 6);
      EXPECT_EQ(a.channel / one_stack.channels, stack) << "block " << block;
      DramAddress local = single.decode(block / 6 * 4096 + offset);
      local.channel += stack * one_stack.channels;
      EXPECT_EQ(a, local) << "block " << block << " offset " << offset;
    }
  }
  expect_round_trips(map, m.org, 3);
  cfg.stack_interleave_bytes = 100;  // not a multiple of 32 B
  EXPECT_THROW(AddressMap(m.org, cfg), std::invalid_argument);
}

TEST(AddressMap, DefaultMapIsBijective) {
  const MemSpec m = test::hbm3e();
  expect_round_trips(AddressMap(m.org, AddressMapConfig{}), m.org, 1);
  expect_bijective_small(AddressMapConfig{});
  expect_bijective_small(AddressMapConfig{}, 2);
  expect_bijective_small(AddressMapConfig{}, 3);  // not a power of two: a division in the middle
}

// The stack ID is a field of its own: the default map puts it above the bank, and it selects
// the pseudo-channel's upper bank groups (bank group = SID x 4 + group in the SID).
TEST(AddressMap, TheStackIdSelectsTheBankGroupsOfItsSid) {
  const MemSpec m = test::hbm3e();
  ASSERT_EQ(m.org.stack_ids, 2);
  const AddressMap map(m.org, AddressMapConfig{});
  const uint64_t bank_stride = 32ull * 4 * 16 * 2 * 32;  // bank groups, channels, PCs, columns
  for (int bank = 0; bank < 4; ++bank) {
    const DramAddress a = map.decode(uint64_t(bank) * bank_stride);
    EXPECT_EQ(a.bank, bank);
    EXPECT_EQ(a.bank_group, 0);
  }
  const DramAddress second_sid = map.decode(4 * bank_stride + 3 * 32);
  EXPECT_EQ(second_sid.bank_group, 4 + 3);
  EXPECT_EQ(m.org.sid_of(second_sid.bank_group), 1);
  EXPECT_EQ(second_sid.bank, 0);
  EXPECT_EQ(second_sid.row, 0);
  EXPECT_EQ(map.decode(8 * bank_stride).row, 1);
  AddressMapConfig no_sid;
  no_sid.slices = {{"bank_group", 0}, {"channel", 0}, {"pseudo_channel", 0}, {"column", 0}, {"bank", 0}, {"row", 0}};
  EXPECT_THROW(AddressMap(m.org, no_sid), std::invalid_argument);  // the SID is not covered
  Organization one_sid = m.org;  // without SIDs a map may leave the field out
  one_sid.stack_ids = 1;
  EXPECT_NO_THROW(AddressMap(one_sid, no_sid));
}

TEST(AddressMap, XorBankHashIsBijective) {
  AddressMapConfig cfg;
  cfg.xor_bank_hash = true;
  const MemSpec m = test::hbm3e();
  expect_round_trips(AddressMap(m.org, cfg), m.org, 2);
  expect_bijective_small(cfg);
  expect_bijective_small(cfg, 2);
}

TEST(AddressMap, SplitColumnSlicesAreBijective) {
  AddressMapConfig cfg;
  cfg.slices = {{"column", 1}, {"bank_group", 0}, {"channel", 0}, {"pseudo_channel", 0},
                {"column", 0}, {"bank", 0},       {"sid", 0},          {"row", 0}};
  expect_bijective_small(cfg);
  const MemSpec m = test::hbm3();
  expect_round_trips(AddressMap(m.org, cfg), m.org, 3);
}

// Consecutive 32 B accesses rotate over the bank groups first, then channels and
// pseudo-channels: a sequential stream pays tCCD_S, not tCCD_L, and spreads over the stack.
TEST(AddressMap, DefaultOrderInterleavesBankGroupsThenChannels) {
  const MemSpec m = test::hbm3e();
  const AddressMap map(m.org, AddressMapConfig{});
  for (int i = 0; i < 4; ++i) EXPECT_EQ(map.decode(uint64_t(i) * 32).bank_group, i);
  EXPECT_EQ(map.decode(4 * 32).channel, 1);
  EXPECT_EQ(map.decode(4 * 32 * 16).pseudo_channel, 1);
  const DramAddress next_column = map.decode(4 * 32 * 16 * 2);
  EXPECT_EQ(next_column.column, 1);
  EXPECT_EQ(next_column.row, 0);
}

TEST(AddressMap, XorHashSpreadsOneColumnOfManyRowsOverBanks) {
  const MemSpec m = test::hbm3e();
  AddressMapConfig cfg;
  cfg.xor_bank_hash = true;
  const AddressMap map(m.org, cfg);
  std::set<int> banks;
  DramAddress a;
  for (int64_t row = 0; row < 16; ++row) {
    a.row = row;
    const DramAddress d = map.decode(map.encode(a));
    EXPECT_EQ(d.row, row);
    EXPECT_EQ(d.bank_group, 0);
  }
  const uint64_t row_stride = map.capacity_bytes() / uint64_t(m.org.rows);  // the row is the top field
  for (int64_t row = 0; row < 16; ++row) {
    const DramAddress d = map.decode(uint64_t(row) * row_stride);
    banks.insert(d.bank_group * m.org.banks_per_group + d.bank);
  }
  EXPECT_EQ(banks.size(), 16u) << "same-bank strided rows should land in 16 different banks";
}

TEST(AddressMap, RejectsOrdersThatAreNotBijections) {
  const Organization org = test::hbm3e().org;
  AddressMapConfig missing;
  missing.slices = {{"bank_group", 0}, {"channel", 0}, {"column", 0}, {"bank", 0}, {"row", 0}};
  EXPECT_THROW(AddressMap(org, missing), std::invalid_argument);  // no pseudo_channel
  AddressMapConfig twice = AddressMapConfig{};
  twice.slices.push_back({"bank", 0});
  EXPECT_THROW(AddressMap(org, twice), std::invalid_argument);
  AddressMapConfig too_wide = AddressMapConfig{};
  too_wide.slices.insert(too_wide.slices.begin(), {"column", 6});  // 64 > 32 columns
  EXPECT_THROW(AddressMap(org, too_wide), std::invalid_argument);
  AddressMapConfig unknown = AddressMapConfig{};
  unknown.slices[0].field = "rank";
  EXPECT_THROW(AddressMap(org, unknown), std::invalid_argument);
}

}  // namespace
}  // namespace aimc
