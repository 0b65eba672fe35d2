// ControllerListener: what the controller reports as it runs. Trace writers, statistics and
// the TLM model subscribe to it; the controller itself keeps no output.
#pragma once

#include "models/core/access.h"

namespace aimc {

struct CompletedRequest;  // models/core/request_front_end.h
struct FrontEndRequest;   // models/core/request_front_end.h

class ControllerListener {
 public:
  virtual ~ControllerListener() = default;
  // A request as it reaches the front end (reported by the testbench or the TLM target that
  // feeds the front end, not by the controller).
  virtual void on_request_arrival(const FrontEndRequest& /*request*/) {}
  // An access the request port took at `now`: it holds a queue slot from now on.
  virtual void on_access_queued(const Access& /*access*/, Cycle /*now*/) {}
  virtual void on_command(const CommandRecord& /*record*/) {}
  // done: cycle at which the last data beat of the access has moved.
  virtual void on_access_done(const Access& /*access*/, RowOutcome /*outcome*/, Cycle /*done*/) {}
  // A front-end request whose last access is done (reported by the testbench's front end, not
  // by the controller).
  virtual void on_request_done(const CompletedRequest& /*request*/) {}
  // A read's data as a controller with a data path returns it (the Verilated RTL's response
  // port), at `cycle`.
  virtual void on_read_data(const Access& /*access*/, const BurstData& /*data*/, Cycle /*cycle*/) {}
};

}  // namespace aimc
