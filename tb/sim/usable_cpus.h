// usable_cpus(): the CPUs this process may run on (its affinity mask, which a container's CPU
// set or `taskset` narrows), not the host's core count that std::thread::hardware_concurrency()
// reports; at least 1. What "0: one per core" options mean.
#pragma once

#include <sched.h>

#include <algorithm>
#include <thread>

namespace aimc {

inline int usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1, int(std::thread::hardware_concurrency()));
}

}  // namespace aimc
