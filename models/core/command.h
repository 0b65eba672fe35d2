// DRAM commands of the HBM3 dual command interface and the facts the controller needs about
// each: which bus it uses, whether it addresses one bank or the whole pseudo-channel.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace aimc {

using Cycle = uint64_t;
inline constexpr Cycle kNever = ~Cycle{0};  // "no such cycle": an event that never comes

// PDE and PDX enter and leave power-down (controller.power_down_after_ns).
enum class Command : uint8_t { ACT, PRE, PREA, RD, RDA, WR, WRA, REFab, REFpb, PDE, PDX };
inline constexpr int kNumCommands = 11;

inline constexpr std::array<std::string_view, kNumCommands> kCommandNames = {
    "ACT", "PRE", "PREA", "RD", "RDA", "WR", "WRA", "REFab", "REFpb", "PDE", "PDX"};

constexpr int index_of(Command c) { return static_cast<int>(c); }
constexpr std::string_view name_of(Command c) { return kCommandNames[index_of(c)]; }
std::optional<Command> command_from_name(std::string_view name);

// Column commands (RD/WR family) use the column bus; all others use the row bus.
constexpr bool is_column(Command c) {
  return c == Command::RD || c == Command::RDA || c == Command::WR || c == Command::WRA;
}
constexpr bool is_read(Command c) { return c == Command::RD || c == Command::RDA; }
constexpr bool is_write(Command c) { return c == Command::WR || c == Command::WRA; }
constexpr bool is_auto_precharge(Command c) { return c == Command::RDA || c == Command::WRA; }
// PREA, REFab, PDE and PDX act on every bank of a pseudo-channel.
constexpr bool is_pc_wide(Command c) {
  return c == Command::PREA || c == Command::REFab || c == Command::PDE || c == Command::PDX;
}
constexpr bool is_power_down(Command c) { return c == Command::PDE || c == Command::PDX; }

// Location of one 32 B access in the stack.
struct DramAddress {
  int channel = 0;
  int pseudo_channel = 0;
  int bank_group = 0;  // within the pseudo-channel, across its SIDs (Organization::sid_of)
  int bank = 0;        // bank within its bank group
  int64_t row = 0;
  int column = 0;

  bool operator==(const DramAddress& o) const {
    return channel == o.channel && pseudo_channel == o.pseudo_channel &&
           bank_group == o.bank_group && bank == o.bank && row == o.row && column == o.column;
  }
};

// One command as issued, the unit of the command trace.
inline constexpr uint64_t kNoRequest = ~uint64_t{0};

// How a command changes its pseudo-channel's count of open banks: an ACT opens one, a PRE or a
// column with auto-precharge closes one, a PREA or an all-bank refresh closes all (`banks`).
inline int open_banks_change(Command c, int banks) {
  switch (c) {
    case Command::ACT: return 1;
    case Command::PRE: case Command::RDA: case Command::WRA: return -1;
    case Command::PREA: case Command::REFab: return -banks;
    default: return 0;
  }
}

using BurstData = std::array<uint64_t, 4>;  // the 32 B one access moves
struct CommandRecord;

// Where the device returns a RD's data when the controller has a data path.
class ReadDataSink {
 public:
  virtual ~ReadDataSink() = default;
  // The data of read command `rd`, on the DQ bus from cycle `on_bus`.
  virtual void read_data(const CommandRecord& rd, const BurstData& data, Cycle on_bus) = 0;
};

// The data a column command moves through a controller that has a data path (the Verilated
// RTL). Controllers without one leave CommandRecord::data null: the device then takes a WR's data
// from the testbench and answers a RD to the scoreboard directly.
struct CommandData {
  BurstData write{};                  // a WR's data as on the bus
  uint32_t write_strobes = ~0u;       // its byte enables: bit i = byte i
  ReadDataSink* read_sink = nullptr;  // where the device returns a RD's data
};

struct CommandRecord {
  Cycle cycle = 0;
  Command command = Command::ACT;
  DramAddress addr;  // fields that do not apply to the command are ignored by writers
  uint64_t request = kNoRequest;  // the front-end request an access command serves (not refresh)
  const CommandData* data = nullptr;  // column commands of a controller with a data path; else null
};

}  // namespace aimc
