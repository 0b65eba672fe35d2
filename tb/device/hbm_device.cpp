#include "tb/device/hbm_device.h"

namespace aimc {

HbmDevice::HbmDevice(const MemSpec& spec, RefreshPolicy refresh, DataScoreboard& scoreboard)
    : spec_(spec), checker_(spec, refresh), scoreboard_(scoreboard) {}

void HbmDevice::on_command(const CommandRecord& r) {
  checker_.check(r);
  if (!is_column(r.command)) return;
  const uint64_t location = pack_location(r.addr);
  if (is_write(r.command)) {
    // Through a controller's data path: the bytes its byte enables select; else the
    // testbench's data for the request.
    if (r.data != nullptr) {
      merge_bytes(array_.find_or_insert(location, initial_data(r.addr)), r.data->write, r.data->write_strobes);
    } else {
      array_[location] = write_data(r.request, r.addr);
    }
    ++writes_;
    return;
  }
  ++reads_;
  const AccessData* stored = array_.find(location);
  const AccessData data = stored == nullptr ? initial_data(r.addr) : *stored;
  const Cycle on_bus = r.cycle + Cycle(spec_.t.nCL);
  if (r.data != nullptr && r.data->read_sink != nullptr) {
    r.data->read_sink->read_data(r, data, on_bus);  // back through the controller to the scoreboard
  } else {
    scoreboard_.check_read(r.request, r.addr, data, on_bus);
  }
}

}  // namespace aimc
