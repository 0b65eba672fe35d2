#include "tb/device/hbm_device.h"

namespace aimc {

HbmDevice::HbmDevice(const MemSpec& spec, RefreshPolicy refresh, DataScoreboard& scoreboard)
    : spec_(spec), checker_(spec, refresh), scoreboard_(scoreboard) {}

void HbmDevice::on_command(const CommandRecord& r) {
  checker_.check(r);
  if (!is_column(r.command)) return;
  const uint64_t location = pack_location(r.addr);
  if (is_write(r.command)) {
    array_[location] = write_data(r.request, r.addr);
    ++writes_;
    return;
  }
  ++reads_;
  auto it = array_.find(location);
  scoreboard_.check_read(r.request, r.addr, it == array_.end() ? AccessData{} : it->second,
                         r.cycle + Cycle(spec_.t.nCL));
}

}  // namespace aimc
