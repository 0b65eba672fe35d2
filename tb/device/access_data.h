// AccessData: the 32 bytes one access moves, as the testbench makes them. A write's data names
// the request that wrote it and the address it was meant for, plus a check word, so that a
// read that returns the wrong data says whose data it got.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "models/core/command.h"

namespace aimc {

using AccessData = BurstData;  // 32 B, the HBM3E pseudo-channel burst

// Writes the bytes of `from` whose bit in `strobes` is set (bit i: byte i) into `into`.
void merge_bytes(AccessData& into, const AccessData& from, uint32_t strobes);

// One word naming a location: channel, pseudo-channel, bank group, bank, row, column.
uint64_t pack_location(const DramAddress& a);

// The data request `request` writes to `a`.
AccessData write_data(uint64_t request, const DramAddress& a);

// What `a` holds before any write: a pattern of its own, so that a read handed another
// location's initial data, or stale data from inside the controller, is caught too.
AccessData initial_data(const DramAddress& a);

// "initial (never written)", "written by request 12", or "corrupt" when the check word fails
// (or the data was meant for another location: "written by request 12 for another address",
// "initial data of another address").
std::string describe_data(const AccessData& d, const DramAddress& where);

}  // namespace aimc
