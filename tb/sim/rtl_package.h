// `aimc gen-rtl-package`: writes the SystemVerilog package the RTL is built with, from a
// memspec: the organization (structural parameters), the command and scope encodings (the C++
// enums' order), the timing-rule table (scope, from, to) in build_timing_rules() order, the
// timer width, and the generating memspec's latencies as defaults. Latencies reach the RTL as
// inputs at reset (one Verilated build serves every preset); the package only fixes structure.
#pragma once

#include <string>

#include "models/params/memspec.h"

namespace aimc {

// Timer counters are this wide in the RTL; every latency of a memspec must fit.
inline constexpr int kRtlTimerWidth = 12;

// Field widths of the package's request and address ports for an organization.
struct RtlWidths {
  int pseudo_channel, bank_id, row, column, stream_class;
  bool operator==(const RtlWidths& o) const {
    return pseudo_channel == o.pseudo_channel && bank_id == o.bank_id && row == o.row && column == o.column &&
           stream_class == o.stream_class;
  }
};
RtlWidths rtl_widths(const Organization& org);

std::string rtl_package_text(const MemSpec& spec);
void write_rtl_package(const MemSpec& spec, const std::string& path);  // throws runtime_error

}  // namespace aimc
