// aimc_channel_ctrl: one HBM3E channel of the controller - its pseudo-channels' queues and bank
// states, scheduling (FCFS, FR-FCFS or ai_aware), refresh, and the dual command bus - the RTL
// twin of the C++ aimc::ChannelController (docs/scheduling.md).
//
// Each cycle, from the state at the start of the cycle:
//   1. refresh: a pseudo-channel that owes refreshes offers one on the row bus when the banks
//      it needs are idle, when it is urgent (owes urgent_owed_i) or, under ai_aware,
//      with refresh_preempts_be_i when they hold only best-effort accesses, and with
//      refresh_kv_quiet_i when they hold no KV_READ and the pseudo-channel has queued none for
//      that many cycles; all but the idle case block the pseudo-channel (all-bank) or the
//      target bank (per-bank) for access commands, as does a refresh whose own PRE / PREA has
//      gone out (until its REF), and a per-bank one whose bank is closed also holds back ACTs
//      to the pseudo-channel's other banks;
//   2. every bank offers its candidates with their keys (aimc_sched_bank); under ai_aware each
//      pseudo-channel first updates its write-drain mode from its queued writes;
//   3. column bus: the ready column candidate with the lowest key (ai_aware with bank-group
//      interleaving: among equal tier and rank, another group than the pseudo-channel's last
//      column command first); row bus: refresh first (pseudo-channel 0 before 1), then the
//      ready row candidate with the lowest key. Ready = the timing checker allows it (and the
//      row bus is free);
//   4. both picks issue; column commands free their slot, and their access is answered on the
//      response port when its last data beat has moved (read_done_i / write_done_i later).
// Same-location order: an access waits (is invisible to scheduling) while an older queued access
// to its bank, row and column is there and one of the two writes; each slot keeps the mask of
// the slots it waits for, cleared as their column commands issue.
// The request port has Lanes lanes: up to Lanes accesses per cycle, lane 0 first (valid/ready
// per lane: enq_accept_o[l] depends on the access offered and on the lanes before it); a taken
// access is visible to scheduling from the next cycle. Under ai_aware a
// best-effort access is refused while taking it would leave no more than reserved_slots_i free
// slots, if the model's traffic was refused on that pseudo-channel within the age limit and the
// access's request is younger than the age limit. The configuration ports (latencies, policy,
// refresh, ai_aware knobs) are registered at every clock edge and read only through those
// registers: load them, then clock once in reset, and hold them while running. (Registered, the
// scheduling logic depends on state alone, so a Verilated model evaluates it once per cycle
// instead of on every input change: about twice as fast, docs/benchmarks.md.)
// Data path: a write's data and byte enables wait in its slot and leave with its WR; a read's
// data from the device waits in the response wheel and leaves with its response. For
// simulation only: idle_cycles_o / skip_i let a testbench cover an idle span in one clock edge,
// and the debug-view blocks at the end are public copies of what the scheduler decides on
// (docs/rtl.md, docs/waveforms.md).
module aimc_channel_ctrl
  import aimc_pkg::*;
#(
  parameter int unsigned QueueDepth = 64,
  parameter int unsigned SeqWidth   = 32,
  parameter int unsigned TimeWidth  = 32,
  parameter int unsigned Lanes      = 4,
  // Responses wait on a time wheel indexed by the cycle they are due (one column command per
  // cycle, fixed latencies: no two land on one entry); latencies must be below its size.
  parameter int unsigned ResponseWheel = 64,
  localparam int unsigned WheelWidth = $clog2(ResponseWheel),  // ResponseWheel: a power of two
  localparam int unsigned SlotWidth = $clog2(QueueDepth),
  localparam int unsigned KeyWidth  = 8 + SeqWidth,
  localparam int unsigned CapWidth  = 16,
  localparam int unsigned RefWidth  = 16
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  // Configuration.
  input  timer_t [NumRules-1:0]  rule_latency_i,
  input  timer_t                 faw_i,
  input  timer_t                 act_cmd_i,
  input  logic [1:0]             policy_i,           // 0 fcfs, 1 fr_fcfs, 2 ai_aware
  input  logic                   closed_page_i,
  input  logic [CapWidth-1:0]    row_hit_cap_i,
  input  logic [1:0]             refresh_policy_i,   // 0 all-bank, 1 per-bank, 2 off
  input  logic [RefWidth-1:0]    refresh_interval_i, // nREFI or nREFIpb
  input  logic [BankIdWidth:0]   num_banks_i,        // banks per pseudo-channel in use (<= NumBanks)
  input  logic [4:0]             urgent_owed_i,      // refreshes owed that force one (>= 1)
  // ai_aware.
  input  logic [TimeWidth-1:0]   age_limit_i,        // cycles
  input  logic [NumStreamClasses-1:0][3:0] class_rank_i,
  input  logic [3:0]             preempt_rank_gap_i, // 0: off
  input  logic [TimeWidth-1:0]   preempt_after_i,    // cycles
  input  logic [SlotWidth:0]     write_high_i,       // min(write_high, queue depth)
  input  logic [SlotWidth:0]     write_low_i,        // min(write_low, queue depth - 1)
  input  logic                   bank_group_interleave_i,
  input  logic [SlotWidth:0]     reserved_slots_i,   // best-effort reserve (0: none)
  input  logic                   refresh_preempts_be_i, // refresh_preempts_best_effort
  input  logic [TimeWidth-1:0]   refresh_kv_quiet_i, // refresh_after_kv_quiet_ns in cycles; 0: off
  input  logic [TimeWidth-1:0]   row_hold_i,         // best_effort_row_hold_ns in cycles; 0: off
  // Response latency after the column command: nCL + nBL (reads), nCWL + nBL (writes);
  // 1 .. ResponseWheel - 1.
  input  logic [WheelWidth-1:0]  read_done_i,
  input  logic [WheelWidth-1:0]  write_done_i,
  // Cycles from a read's data on rd_data_i (nCL after its RD) to its response: nBL.
  input  logic [WheelWidth-1:0]  rd_data_lead_i,

  // Request port: Lanes accesses per cycle.
  input  logic [Lanes-1:0]                  enq_valid_i,
  input  logic [Lanes-1:0][PcWidth-1:0]     enq_pc_i,
  input  logic [Lanes-1:0][BankIdWidth-1:0] enq_bank_i,
  input  logic [Lanes-1:0][RowWidth-1:0]    enq_row_i,
  input  logic [Lanes-1:0][ColumnWidth-1:0] enq_column_i,
  input  logic [Lanes-1:0]                  enq_write_i,
  input  stream_class_e [Lanes-1:0]         enq_class_i,
  input  logic [Lanes-1:0][SeqWidth-1:0]    enq_seq_i,
  input  logic [Lanes-1:0][TimeWidth-1:0]   enq_arrival_i,  // cycle its request arrived
  input  logic [Lanes-1:0][DataBytes*8-1:0] enq_wdata_i,    // a write's data
  input  logic [Lanes-1:0][DataBytes-1:0]   enq_wstrb_i,    // its byte enables (bit i: byte i)
  output logic [Lanes-1:0]                  enq_accept_o,   // ready: taken at the clock edge
  output logic [NumPseudoChannels-1:0] enq_ready_o,   // a free slot per pseudo-channel

  // Commands issued this cycle.
  output logic                   col_valid_o,
  output cmd_e                   col_cmd_o,
  output logic [PcWidth-1:0]     col_pc_o,
  output logic [BankIdWidth-1:0] col_bank_o,
  output logic [RowWidth-1:0]    col_row_o,
  output logic [ColumnWidth-1:0] col_column_o,
  output logic [SeqWidth-1:0]    col_seq_o,          // the access it completes
  output logic [DataBytes*8-1:0] col_wdata_o,        // WR, WRA: the data on the bus, and
  output logic [DataBytes-1:0]   col_wstrb_o,        // its byte enables
  output logic                   row_valid_o,
  output cmd_e                   row_cmd_o,
  output logic [PcWidth-1:0]     row_pc_o,
  output logic [BankIdWidth-1:0] row_bank_o,         // PREA, REFab: 0
  output logic [RowWidth-1:0]    row_row_o,          // ACT: the row opened; others: 0
  output logic [SeqWidth-1:0]    row_seq_o,          // ACT, PRE: the access it is for; others: 0

  // Read data from the device: a read's burst, nCL after its RD.
  input  logic                   rd_data_valid_i,
  input  logic [DataBytes*8-1:0] rd_data_i,

  // Response port: the accesses whose last data beat moved this cycle (one read, one write).
  output logic                   rd_rsp_valid_o,
  output logic [SeqWidth-1:0]    rd_rsp_seq_o,
  output logic [DataBytes*8-1:0] rd_rsp_data_o,      // the read's data
  output logic                   wr_rsp_valid_o,
  output logic [SeqWidth-1:0]    wr_rsp_seq_o,

  // Idle skip, for simulation only (skip_i is 0 in hardware). idle_cycles_o: for how many
  // cycles from this one nothing but the cycle counter, the refresh phase and the timers would
  // change, given no new access: none queued, no response due, no refresh owed, up to the next
  // refresh's due point; 0 when busy. With no access offered this cycle, skip_i = k
  // (k < idle_cycles_o) makes this clock edge stand for k + 1 such cycles.
  input  logic [RefWidth-1:0]    skip_i,
  output logic [RefWidth-1:0]    idle_cycles_o
);

  localparam int unsigned NumPcs = NumPseudoChannels;
  localparam logic [1:0] RefreshAllBank = 2'd0, RefreshPerBank = 2'd1;

  // ---------------------------------------------------------------- configuration registers
  timer_t [NumRules-1:0]                   rule_latency_q;
  timer_t                                  faw_q, act_cmd_q;
  logic [1:0]                              policy_q, refresh_policy_q;
  logic                                    closed_page_q, bank_group_interleave_q, refresh_preempts_be_q;
  logic [TimeWidth-1:0]                    refresh_kv_quiet_q, row_hold_q;
  logic [CapWidth-1:0]                     row_hit_cap_q;
  logic [RefWidth-1:0]                     refresh_interval_q;
  logic [BankIdWidth:0]                    num_banks_q;
  logic [4:0]                              urgent_owed_q;
  logic [TimeWidth-1:0]                    age_limit_q, preempt_after_q;
  logic [NumStreamClasses-1:0][3:0]        class_rank_q;
  logic [3:0]                              preempt_rank_gap_q;
  logic [SlotWidth:0]                      write_high_q, write_low_q, reserved_slots_q;
  logic [WheelWidth-1:0]                   read_done_q, write_done_q, rd_data_lead_q;

  always_ff @(posedge clk_i) begin
    rule_latency_q          <= rule_latency_i;
    faw_q                   <= faw_i;
    act_cmd_q               <= act_cmd_i;
    policy_q                <= policy_i;
    closed_page_q           <= closed_page_i;
    row_hit_cap_q           <= row_hit_cap_i;
    refresh_policy_q        <= refresh_policy_i;
    refresh_interval_q      <= refresh_interval_i;
    num_banks_q             <= num_banks_i;
    urgent_owed_q           <= urgent_owed_i;
    age_limit_q             <= age_limit_i;
    class_rank_q            <= class_rank_i;
    preempt_rank_gap_q      <= preempt_rank_gap_i;
    preempt_after_q         <= preempt_after_i;
    write_high_q            <= write_high_i;
    write_low_q             <= write_low_i;
    bank_group_interleave_q <= bank_group_interleave_i;
    reserved_slots_q        <= reserved_slots_i;
    refresh_preempts_be_q   <= refresh_preempts_be_i;
    refresh_kv_quiet_q      <= refresh_kv_quiet_i;
    row_hold_q              <= row_hold_i;
    read_done_q             <= read_done_i;
    write_done_q            <= write_done_i;
    rd_data_lead_q          <= rd_data_lead_i;
  end

  // ---------------------------------------------------------------- state
  logic [NumPcs-1:0][QueueDepth-1:0]                  slot_valid_q;
  logic [NumPcs-1:0][QueueDepth-1:0][BankIdWidth-1:0] slot_bank_q;
  logic [NumPcs-1:0][QueueDepth-1:0][RowWidth-1:0]    slot_row_q;
  logic [NumPcs-1:0][QueueDepth-1:0][ColumnWidth-1:0] slot_column_q;
  logic [NumPcs-1:0][QueueDepth-1:0]                  slot_write_q;
  logic [NumPcs-1:0][QueueDepth-1:0][SeqWidth-1:0]    slot_seq_q;
  logic [NumPcs-1:0][QueueDepth-1:0][ClassWidth-1:0]  slot_class_q;
  logic [NumPcs-1:0][QueueDepth-1:0][TimeWidth-1:0]   slot_arrival_q;
  logic [NumPcs-1:0][QueueDepth-1:0][QueueDepth-1:0]  slot_waits_for_q;  // older same-location slots
  logic [NumPcs-1:0][QueueDepth-1:0]                  slot_waiting;
  logic [TimeWidth-1:0]                               now_q;  // cycles since reset
  logic [NumPcs-1:0]                                  draining_q, draining;
  logic [NumPcs-1:0]                                  last_col_valid_q;
  logic [NumPcs-1:0][BankGroupWidth-1:0]              last_col_group_q;
  logic [NumPcs-1:0]                                  model_refused_q;     // ai_aware reserve
  logic [NumPcs-1:0][TimeWidth-1:0]                   model_refused_at_q;  // its last cycle
  logic [NumPcs-1:0][TimeWidth-1:0]                   last_kv_q;  // arrival of the latest KV_READ queued

  logic [NumPcs-1:0][NumBanks-1:0]                    bank_open_q;
  logic [NumPcs-1:0][NumBanks-1:0][RowWidth-1:0]      bank_row_q;
  logic [NumPcs-1:0][NumBanks-1:0][CapWidth-1:0]      bank_hits_q;
  logic [NumPcs-1:0][NumBanks-1:0]                    bank_served_q;    // a column command went to it
  logic [NumPcs-1:0][NumBanks-1:0][TimeWidth-1:0]     bank_last_col_q;  // the latest one's cycle

  // Refresh: refreshes fall due at the end of every interval, the same phase on every
  // pseudo-channel; owed = fallen due - issued.
  logic [RefWidth-1:0]                                refresh_phase_q;
  logic [NumPcs-1:0][5:0]                             owed_q;
  logic [NumPcs-1:0][BankIdWidth-1:0]                 refresh_bank_q;  // issued mod num_banks_i
  // A refresh's own PRE / PREA went out: its banks take no new work until the REF follows.
  logic [NumPcs-1:0]                                  refresh_started_q;

  // ---------------------------------------------------------------- timing checker
  logic [NumPcs-1:0][NumBanks-1:0][NumCommands-1:0] timing_ready;
  logic                                             row_bus_free;

  aimc_timing_checker u_timing (
    .clk_i, .rst_ni,
    .rule_latency_i (rule_latency_q), .faw_i (faw_q), .act_cmd_i (act_cmd_q), .skip_i,
    .row_valid_i (row_valid_o), .row_cmd_i (row_cmd_o), .row_pc_i (row_pc_o), .row_bank_i (row_bank_o),
    .col_valid_i (col_valid_o), .col_cmd_i (col_cmd_o), .col_pc_i (col_pc_o), .col_bank_i (col_bank_o),
    .ready_o (timing_ready), .row_bus_free_o (row_bus_free)
  );

  // ---------------------------------------------------------------- write drain (ai_aware)
  // Enter at write_high queued writes, leave at write_low (docs/scheduling.md).
  always_comb begin
    for (int p = 0; p < NumPcs; p++) begin
      automatic logic [SlotWidth:0] writes = '0;
      for (int s = 0; s < QueueDepth; s++) writes = writes + (SlotWidth + 1)'(slot_valid_q[p][s] && slot_write_q[p][s]);
      draining[p] = policy_q == 2'd2 && (draining_q[p] ? writes > write_low_q : writes >= write_high_q);
    end
  end

  // ---------------------------------------------------------------- bank candidates
  logic [NumPcs-1:0][NumBanks-1:0]                 rd_valid, wr_valid, act_valid;
  cmd_e [NumPcs-1:0][NumBanks-1:0]                 rd_cmd, wr_cmd, act_cmd;
  logic [NumPcs-1:0][NumBanks-1:0][SlotWidth-1:0]  rd_slot, wr_slot, act_slot;
  logic [NumPcs-1:0][NumBanks-1:0][KeyWidth-1:0]   rd_key, wr_key, act_key;

  // Each pseudo-channel's queue, summed up per bank in one pass (aimc_queue_scan).
  logic [NumPcs-1:0][NumBanks-1:0]                 any_found, any_write, any_hits, read_found, write_found;
  logic [NumPcs-1:0][NumBanks-1:0]                 conflict_found, model_conflict;
  logic [NumPcs-1:0][NumBanks-1:0][SlotWidth-1:0]  any_slot, read_slot, write_slot, conflict_slot;
  logic [NumPcs-1:0][NumBanks-1:0][KeyWidth-1:0]   any_key, read_key, write_key, conflict_key;
  logic [NumPcs-1:0][NumBanks-1:0][TimeWidth-1:0]  conflict_arrival;
  logic [NumPcs-1:0][NumBanks-1:0][SlotWidth:0]    hit_count;

  for (genvar p = 0; p < NumPcs; p++) begin : g_pc
    aimc_queue_scan #(.QueueDepth(QueueDepth), .SeqWidth(SeqWidth), .TimeWidth(TimeWidth)) u_scan (
      .policy_i           (policy_q),
      .now_i              (now_q),
      .age_limit_i        (age_limit_q),
      .draining_i         (draining[p]),
      .class_rank_i       (class_rank_q),
      .slot_valid_i       (slot_valid_q[p]),
      .slot_waiting_i     (slot_waiting[p]),
      .slot_bank_i        (slot_bank_q[p]),
      .slot_row_i         (slot_row_q[p]),
      .slot_write_i       (slot_write_q[p]),
      .slot_seq_i         (slot_seq_q[p]),
      .slot_class_i       (slot_class_q[p]),
      .slot_arrival_i     (slot_arrival_q[p]),
      .open_i             (bank_open_q[p]),
      .open_row_i         (bank_row_q[p]),
      .any_found_o        (any_found[p]),
      .any_slot_o         (any_slot[p]),
      .any_key_o          (any_key[p]),
      .any_write_o        (any_write[p]),
      .any_hits_o         (any_hits[p]),
      .read_found_o       (read_found[p]),
      .read_slot_o        (read_slot[p]),
      .read_key_o         (read_key[p]),
      .write_found_o      (write_found[p]),
      .write_slot_o       (write_slot[p]),
      .write_key_o        (write_key[p]),
      .conflict_found_o   (conflict_found[p]),
      .conflict_slot_o    (conflict_slot[p]),
      .conflict_key_o     (conflict_key[p]),
      .conflict_arrival_o (conflict_arrival[p]),
      .hit_count_o        (hit_count[p]),
      .model_conflict_o   (model_conflict[p])
    );
    for (genvar b = 0; b < NumBanks; b++) begin : g_bank
      aimc_sched_bank #(.QueueDepth(QueueDepth), .SeqWidth(SeqWidth), .TimeWidth(TimeWidth)) u_bank (
        .policy_i           (policy_q),
        .closed_page_i      (closed_page_q),
        .row_hit_cap_i      (row_hit_cap_q),
        .now_i              (now_q),
        .preempt_rank_gap_i (preempt_rank_gap_q),
        .preempt_after_i    (preempt_after_q),
        .row_hold_i         (row_hold_q),
        .any_found_i        (any_found[p][b]),
        .any_slot_i         (any_slot[p][b]),
        .any_key_i          (any_key[p][b]),
        .any_write_i        (any_write[p][b]),
        .any_hits_i         (any_hits[p][b]),
        .read_found_i       (read_found[p][b]),
        .read_slot_i        (read_slot[p][b]),
        .read_key_i         (read_key[p][b]),
        .write_found_i      (write_found[p][b]),
        .write_slot_i       (write_slot[p][b]),
        .write_key_i        (write_key[p][b]),
        .conflict_found_i   (conflict_found[p][b]),
        .conflict_slot_i    (conflict_slot[p][b]),
        .conflict_key_i     (conflict_key[p][b]),
        .conflict_arrival_i (conflict_arrival[p][b]),
        .hit_count_i        (hit_count[p][b]),
        .model_conflict_i   (model_conflict[p][b]),
        .open_i             (bank_open_q[p][b]),
        .hits_served_i      (bank_hits_q[p][b]),
        .served_i           (bank_served_q[p][b]),
        .last_column_i      (bank_last_col_q[p][b]),
        .read_valid_o       (rd_valid[p][b]),
        .read_cmd_o         (rd_cmd[p][b]),
        .read_slot_o        (rd_slot[p][b]),
        .read_key_o         (rd_key[p][b]),
        .write_valid_o      (wr_valid[p][b]),
        .write_cmd_o        (wr_cmd[p][b]),
        .write_slot_o       (wr_slot[p][b]),
        .write_key_o        (wr_key[p][b]),
        .row_valid_o        (act_valid[p][b]),
        .row_cmd_o          (act_cmd[p][b]),
        .row_slot_o         (act_slot[p][b]),
        .row_key_o          (act_key[p][b])
      );
    end
  end

  // ---------------------------------------------------------------- refresh offers
  // A refresh closes the banks it needs to new work when it is urgent, or under ai_aware when it
  // is owed and either (refresh_preempts_be_i) they hold only best-effort accesses, or
  // (refresh_kv_quiet_i) they hold no KV_READ and none has been queued on the pseudo-channel for
  // refresh_kv_quiet_i cycles.
  logic [NumPcs-1:0]       urgent, preempts, kv_quiet, closing, ref_offer, acts_held;
  cmd_e [NumPcs-1:0]       ref_cmd;
  logic [NumPcs-1:0][NumBanks-1:0] blocked, bank_busy, bank_model;  // model: a non-best-effort access
  logic [NumPcs-1:0][NumBanks-1:0] bank_kv;                         // a KV_READ access

  always_comb begin
    for (int p = 0; p < NumPcs; p++) begin
      // Urgent once urgent_owed_i are owed: max_postponed_refreshes, less one for every further
      // interval draining the banks can take (the C++ refresh_urgent_owed()), so at most
      // max_postponed_refreshes are owed at any cycle.
      urgent[p] = refresh_policy_q != 2'd2 && owed_q[p] >= {1'b0, urgent_owed_q};
      // One pass over the slots, each marking its own bank (not banks x slots).
      bank_busy[p]  = '0;
      bank_model[p] = '0;
      bank_kv[p]    = '0;
      for (int s = 0; s < QueueDepth; s++) begin
        bank_busy[p][slot_bank_q[p][s]]  |= slot_valid_q[p][s];
        bank_model[p][slot_bank_q[p][s]] |= slot_valid_q[p][s] && slot_class_q[p][s] != ClassWidth'(ClassBEST_EFFORT);
        bank_kv[p][slot_bank_q[p][s]]    |= slot_valid_q[p][s] && slot_class_q[p][s] == ClassWidth'(ClassKV_READ);
      end
      preempts[p] = policy_q == 2'd2 && refresh_preempts_be_q && refresh_policy_q != 2'd2 && owed_q[p] != '0 &&
                    !(refresh_policy_q == RefreshPerBank ? bank_model[p][refresh_bank_q[p]] : |bank_model[p]);
      kv_quiet[p] = policy_q == 2'd2 && refresh_kv_quiet_q != '0 && refresh_policy_q != 2'd2 && owed_q[p] != '0 &&
                    now_q - last_kv_q[p] >= refresh_kv_quiet_q &&
                    !(refresh_policy_q == RefreshPerBank ? bank_kv[p][refresh_bank_q[p]] : |bank_kv[p]);
      closing[p] = urgent[p] || preempts[p] || kv_quiet[p] || refresh_started_q[p];
      for (int b = 0; b < NumBanks; b++) begin
        blocked[p][b] = closing[p] && (refresh_policy_q == RefreshAllBank ||
                                       BankIdWidth'(b) == refresh_bank_q[p]);
      end
      // A closing per-bank refresh whose bank is closed holds back ACTs to the other banks: each
      // would push the REFpb out by tRREFD.
      acts_held[p] = closing[p] && refresh_policy_q == RefreshPerBank && !bank_open_q[p][refresh_bank_q[p]];
      ref_offer[p] = 1'b0;
      ref_cmd[p]   = CmdREFab;
      if (refresh_policy_q != 2'd2 && owed_q[p] != '0) begin
        if (refresh_policy_q == RefreshPerBank) begin
          ref_offer[p] = !bank_busy[p][refresh_bank_q[p]] || closing[p];
          ref_cmd[p]   = bank_open_q[p][refresh_bank_q[p]] ? CmdPRE : CmdREFpb;
        end else begin
          ref_offer[p] = !(|slot_valid_q[p]) || closing[p];
          ref_cmd[p]   = |bank_open_q[p] ? CmdPREA : CmdREFab;
        end
      end
    end
  end

  // ---------------------------------------------------------------- picks
  logic                    col_found, row_found, row_is_refresh;
  logic [PcWidth-1:0]      col_pc, row_pc;
  logic [BankIdWidth-1:0]  col_bank, row_bank;
  logic [SlotWidth-1:0]    col_slot, row_slot;
  cmd_e                    col_cmd, row_cmd;
  logic [KeyWidth-1:0]     col_key, row_key;

  // Column order: lower key; with bank-group interleaving, among equal tier and rank (the top
  // 8 key bits), a command to another group than its pseudo-channel's last column command first.
  function automatic logic same_group(int unsigned p, int unsigned b);
    return last_col_valid_q[p] && last_col_group_q[p] == BankGroupWidth'(b / NumBanksPerGroup);
  endfunction

  function automatic logic column_better(logic [KeyWidth-1:0] key, logic same,
                                         logic [KeyWidth-1:0] best_key, logic best_same);
    if (bank_group_interleave_q && policy_q == 2'd2 && key[KeyWidth-1 -: 8] == best_key[KeyWidth-1 -: 8] &&
        same != best_same) begin
      return !same;
    end
    return key < best_key;
  endfunction

  always_comb begin
    automatic logic col_same = 1'b0;
    col_found = 1'b0; col_pc = '0; col_bank = '0; col_slot = '0; col_cmd = CmdRD; col_key = '0;
    row_found = 1'b0; row_pc = '0; row_bank = '0; row_slot = '0; row_cmd = CmdACT; row_key = '0;
    row_is_refresh = 1'b0;
    // Refresh outranks every access on the row bus; pseudo-channel 0 first.
    for (int p = 0; p < NumPcs; p++) begin
      if (!row_found && ref_offer[p] && row_bus_free &&
          timing_ready[p][refresh_bank_q[p]][ref_cmd[p]]) begin
        row_found      = 1'b1;
        row_is_refresh = 1'b1;
        row_pc         = PcWidth'(p);
        row_cmd        = ref_cmd[p];
        row_bank       = refresh_policy_q == RefreshPerBank ? refresh_bank_q[p] : '0;
      end
    end
    for (int p = 0; p < NumPcs; p++) begin
      for (int b = 0; b < NumBanks; b++) begin
        if (!blocked[p][b]) begin
          if (rd_valid[p][b] && timing_ready[p][b][rd_cmd[p][b]] &&
              (!col_found || column_better(rd_key[p][b], same_group(p, b), col_key, col_same))) begin
            col_found = 1'b1; col_pc = PcWidth'(p); col_bank = BankIdWidth'(b); col_same = same_group(p, b);
            col_slot = rd_slot[p][b]; col_cmd = rd_cmd[p][b]; col_key = rd_key[p][b];
          end
          if (wr_valid[p][b] && timing_ready[p][b][wr_cmd[p][b]] &&
              (!col_found || column_better(wr_key[p][b], same_group(p, b), col_key, col_same))) begin
            col_found = 1'b1; col_pc = PcWidth'(p); col_bank = BankIdWidth'(b); col_same = same_group(p, b);
            col_slot = wr_slot[p][b]; col_cmd = wr_cmd[p][b]; col_key = wr_key[p][b];
          end
          if (!row_is_refresh && act_valid[p][b] && !(acts_held[p] && act_cmd[p][b] == CmdACT) && row_bus_free &&
              timing_ready[p][b][act_cmd[p][b]] &&
              (!row_found || act_key[p][b] < row_key)) begin
            row_found = 1'b1; row_pc = PcWidth'(p); row_bank = BankIdWidth'(b);
            row_slot = act_slot[p][b]; row_cmd = act_cmd[p][b]; row_key = act_key[p][b];
          end
        end
      end
    end
  end

  assign col_valid_o  = col_found;
  assign col_cmd_o    = col_cmd;
  assign col_pc_o     = col_pc;
  assign col_bank_o   = col_bank;
  assign col_row_o    = slot_row_q[col_pc][col_slot];
  assign col_column_o = slot_column_q[col_pc][col_slot];
  assign col_seq_o    = slot_seq_q[col_pc][col_slot];
  assign row_valid_o  = row_found;
  assign row_cmd_o    = row_cmd;
  assign row_pc_o     = row_pc;
  assign row_bank_o   = row_bank;
  assign row_row_o    = row_found && row_cmd == CmdACT ? slot_row_q[row_pc][row_slot] : '0;
  assign row_seq_o    = row_found && !row_is_refresh ? slot_seq_q[row_pc][row_slot] : '0;

  // ---------------------------------------------------------------- enqueue
  // Lane l takes the k-th free slot of its pseudo-channel (lowest first), k = the lanes before
  // it that took a slot there; the reserve check counts those slots as taken.
  logic [NumPcs-1:0][SlotWidth:0]   free_count;
  logic [Lanes-1:0][SlotWidth-1:0]  lane_slot;
  logic [Lanes-1:0]                 accept;
  assign enq_accept_o = accept;
  always_comb begin
    accept = '0;
    for (int p = 0; p < NumPcs; p++) begin
      enq_ready_o[p] = 1'b0;
      free_count[p]  = '0;
      for (int s = 0; s < QueueDepth; s++) begin
        if (!slot_valid_q[p][s]) begin
          enq_ready_o[p] = 1'b1;
          free_count[p]  = free_count[p] + (SlotWidth + 1)'(1);
        end
      end
    end
    for (int l = 0; l < Lanes; l++) begin
      automatic logic [SlotWidth:0] taken_before = '0;
      automatic logic [SlotWidth:0] seen = '0;
      automatic logic keep_reserve;
      for (int j = 0; j < l; j++) begin
        if (accept[j] && enq_pc_i[j] == enq_pc_i[l]) taken_before = taken_before + (SlotWidth + 1)'(1);
      end
      keep_reserve = enq_class_i[l] == ClassBEST_EFFORT && reserved_slots_q != '0 &&
                     now_q - enq_arrival_i[l] < age_limit_q && model_refused_q[enq_pc_i[l]] &&
                     now_q - model_refused_at_q[enq_pc_i[l]] < age_limit_q;
      accept[l] = enq_valid_i[l] &&
                  free_count[enq_pc_i[l]] - taken_before > (keep_reserve ? reserved_slots_q : '0);
      lane_slot[l] = '0;
      for (int s = QueueDepth - 1; s >= 0; s--) begin
        if (!slot_valid_q[enq_pc_i[l]][s]) begin
          seen = seen + (SlotWidth + 1)'(1);
          if (free_count[enq_pc_i[l]] - seen == taken_before) lane_slot[l] = SlotWidth'(s);
        end
      end
    end
  end

  // ---------------------------------------------------------------- response port
  logic [ResponseWheel-1:0]               rd_due_q, wr_due_q;
  logic [ResponseWheel-1:0][SeqWidth-1:0] rd_due_seq_q, wr_due_seq_q;
  logic [WheelWidth-1:0]                  wheel_now, rd_due_at, wr_due_at;
  assign wheel_now      = now_q[WheelWidth-1:0];
  assign rd_due_at      = wheel_now + read_done_q;
  assign wr_due_at      = wheel_now + write_done_q;
  assign rd_rsp_valid_o = rd_due_q[wheel_now];
  assign rd_rsp_seq_o   = rd_due_seq_q[wheel_now];
  assign wr_rsp_valid_o = wr_due_q[wheel_now];
  assign wr_rsp_seq_o   = wr_due_seq_q[wheel_now];

  // ---------------------------------------------------------------- same-location order
  always_comb begin
    for (int p = 0; p < NumPcs; p++) begin
      for (int s = 0; s < QueueDepth; s++) slot_waiting[p][s] = |slot_waits_for_q[p][s];
    end
  end

  // The slots lane l's access must follow: queued ones not leaving this cycle, and the slots
  // earlier lanes take this cycle, to the same bank, row and column where one of the two writes.
  logic [Lanes-1:0][QueueDepth-1:0] lane_waits_for;
  always_comb begin
    for (int l = 0; l < Lanes; l++) begin
      for (int s = 0; s < QueueDepth; s++) begin
        lane_waits_for[l][s] = slot_valid_q[enq_pc_i[l]][s] &&
                               !(col_found && col_pc == enq_pc_i[l] && col_slot == SlotWidth'(s)) &&
                               slot_bank_q[enq_pc_i[l]][s] == enq_bank_i[l] &&
                               slot_row_q[enq_pc_i[l]][s] == enq_row_i[l] &&
                               slot_column_q[enq_pc_i[l]][s] == enq_column_i[l] &&
                               (slot_write_q[enq_pc_i[l]][s] || enq_write_i[l]);
      end
      for (int j = 0; j < l; j++) begin
        if (accept[j] && enq_pc_i[j] == enq_pc_i[l] && enq_bank_i[j] == enq_bank_i[l] &&
            enq_row_i[j] == enq_row_i[l] && enq_column_i[j] == enq_column_i[l] &&
            (enq_write_i[j] || enq_write_i[l])) begin
          lane_waits_for[l][lane_slot[j]] = 1'b1;
        end
      end
    end
  end

  // ---------------------------------------------------------------- state update
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      slot_valid_q    <= '0;
      slot_bank_q     <= '0;
      slot_row_q      <= '0;
      slot_column_q   <= '0;
      slot_write_q    <= '0;
      slot_seq_q      <= '0;
      slot_class_q    <= '0;
      slot_arrival_q  <= '0;
      slot_waits_for_q <= '0;
      rd_due_q        <= '0;
      wr_due_q        <= '0;
      rd_due_seq_q    <= '0;
      wr_due_seq_q    <= '0;
      now_q           <= '0;
      draining_q      <= '0;
      last_col_valid_q <= '0;
      last_col_group_q <= '0;
      model_refused_q <= '0;
      model_refused_at_q <= '0;
      last_kv_q       <= '0;
      bank_open_q     <= '0;
      bank_row_q      <= '0;
      bank_hits_q     <= '0;
      bank_served_q   <= '0;
      bank_last_col_q <= '0;
      refresh_phase_q <= '0;
      owed_q          <= '0;
      refresh_bank_q  <= '0;
      refresh_started_q <= '0;
    end else begin
      now_q      <= now_q + TimeWidth'(1) + TimeWidth'(skip_i);
      draining_q <= draining;
      // Refresh due: the end of each interval adds one owed refresh to every pseudo-channel.
      // (A skip never reaches the end of an interval: idle_cycles_o stops before it.)
      if (refresh_phase_q == refresh_interval_q - RefWidth'(1)) refresh_phase_q <= '0;
      else refresh_phase_q <= refresh_phase_q + RefWidth'(1) + skip_i;
      for (int p = 0; p < NumPcs; p++) begin
        automatic logic due = refresh_policy_q != 2'd2 && refresh_phase_q == refresh_interval_q - RefWidth'(1);
        automatic logic paid = row_found && row_pc == PcWidth'(p) &&
                               (row_cmd == CmdREFab || row_cmd == CmdREFpb);
        automatic logic started = row_found && row_is_refresh && row_pc == PcWidth'(p) &&
                                  (row_cmd == CmdPRE || row_cmd == CmdPREA);
        owed_q[p] <= owed_q[p] + 6'(due) - 6'(paid);
        if (paid) begin
          refresh_bank_q[p] <= {1'b0, refresh_bank_q[p]} + 1'b1 == num_banks_q ? '0 : refresh_bank_q[p] + BankIdWidth'(1);
        end
        if (started) refresh_started_q[p] <= 1'b1;
        else if (paid) refresh_started_q[p] <= 1'b0;
      end
      // Row command: bank state.
      if (row_found) begin
        unique case (row_cmd)
          CmdACT: begin
            bank_open_q[row_pc][row_bank] <= 1'b1;
            bank_row_q[row_pc][row_bank]  <= slot_row_q[row_pc][row_slot];
            bank_hits_q[row_pc][row_bank] <= '0;
          end
          CmdPRE:  bank_open_q[row_pc][row_bank] <= 1'b0;
          CmdPREA: bank_open_q[row_pc] <= '0;
          default: ;
        endcase
      end
      // Responses answered this cycle leave the wheel; a column command's is due later.
      rd_due_q[wheel_now] <= 1'b0;
      wr_due_q[wheel_now] <= 1'b0;
      if (col_found && (col_cmd == CmdWR || col_cmd == CmdWRA)) begin
        wr_due_q[wr_due_at]     <= 1'b1;
        wr_due_seq_q[wr_due_at] <= slot_seq_q[col_pc][col_slot];
      end else if (col_found) begin
        rd_due_q[rd_due_at]     <= 1'b1;
        rd_due_seq_q[rd_due_at] <= slot_seq_q[col_pc][col_slot];
      end
      // Column command: hit count, auto-precharge, the access leaves its slot.
      if (col_found) begin
        bank_hits_q[col_pc][col_bank] <= bank_hits_q[col_pc][col_bank] + CapWidth'(1);
        bank_served_q[col_pc][col_bank]   <= 1'b1;
        bank_last_col_q[col_pc][col_bank] <= now_q;
        if (col_cmd == CmdRDA || col_cmd == CmdWRA) bank_open_q[col_pc][col_bank] <= 1'b0;
        slot_valid_q[col_pc][col_slot] <= 1'b0;
        for (int s = 0; s < QueueDepth; s++) slot_waits_for_q[col_pc][s][col_slot] <= 1'b0;
        last_col_valid_q[col_pc] <= 1'b1;
        last_col_group_q[col_pc] <= BankGroupWidth'(col_bank / BankIdWidth'(NumBanksPerGroup));
      end
      for (int l = 0; l < Lanes; l++) begin
        // A refused access of the model's traffic starts the best-effort reserve.
        if (enq_valid_i[l] && !enq_accept_o[l] && enq_class_i[l] != ClassBEST_EFFORT) begin
          model_refused_q[enq_pc_i[l]]    <= 1'b1;
          model_refused_at_q[enq_pc_i[l]] <= now_q;
        end
        // Enqueue into a slot free at the start of this cycle.
        if (enq_accept_o[l]) begin
          if (enq_class_i[l] == ClassKV_READ) last_kv_q[enq_pc_i[l]] <= now_q + TimeWidth'(1);
          slot_valid_q[enq_pc_i[l]][lane_slot[l]]   <= 1'b1;
          slot_bank_q[enq_pc_i[l]][lane_slot[l]]    <= enq_bank_i[l];
          slot_row_q[enq_pc_i[l]][lane_slot[l]]     <= enq_row_i[l];
          slot_column_q[enq_pc_i[l]][lane_slot[l]]  <= enq_column_i[l];
          slot_write_q[enq_pc_i[l]][lane_slot[l]]   <= enq_write_i[l];
          slot_seq_q[enq_pc_i[l]][lane_slot[l]]     <= enq_seq_i[l];
          slot_class_q[enq_pc_i[l]][lane_slot[l]]   <= enq_class_i[l];
          slot_arrival_q[enq_pc_i[l]][lane_slot[l]] <= now_q + TimeWidth'(1);  // queued next cycle
          slot_waits_for_q[enq_pc_i[l]][lane_slot[l]] <= lane_waits_for[l];
        end
      end
    end
  end

  // ---------------------------------------------------------------- data path
  // A write's data and byte enables wait in its slot and leave on the column bus with its WR. A
  // read's data comes from the device rd_data_lead_i cycles before the read is answered and
  // waits in the response wheel, at the read's entry. No reset: nothing reads them unwritten.
  logic [DataBytes*8-1:0] slot_wdata_q [NumPcs][QueueDepth];
  logic [DataBytes-1:0]   slot_wstrb_q [NumPcs][QueueDepth];
  logic [DataBytes*8-1:0] rd_due_data_q [ResponseWheel];
  assign col_wdata_o   = slot_wdata_q[col_pc][col_slot];
  assign col_wstrb_o   = slot_wstrb_q[col_pc][col_slot];
  assign rd_rsp_data_o = rd_due_data_q[wheel_now];
  always_ff @(posedge clk_i) begin
    for (int l = 0; l < Lanes; l++) begin
      if (enq_accept_o[l]) begin
        slot_wdata_q[enq_pc_i[l]][lane_slot[l]] <= enq_wdata_i[l];
        slot_wstrb_q[enq_pc_i[l]][lane_slot[l]] <= enq_wstrb_i[l];
      end
    end
    if (rd_data_valid_i) rd_due_data_q[wheel_now + rd_data_lead_q] <= rd_data_i;
  end

  // ---------------------------------------------------------------- idle skip
  logic idle;
  always_comb begin
    idle = !(|slot_valid_q) && !(|rd_due_q) && !(|wr_due_q) && !(|draining_q) && !(|refresh_started_q);
    for (int p = 0; p < NumPcs; p++) idle &= owed_q[p] == '0;
  end
  assign idle_cycles_o = !idle ? '0 : refresh_policy_q == 2'd2 ? '1 : refresh_interval_q - RefWidth'(1) - refresh_phase_q;

  // ---------------------------------------------------------------- debug view
  // Named copies of what the scheduler decides on, one signal per pseudo-channel and bank,
  // public so that a testbench can dump them by name (`aimc run --backend rtl --wave F
  // --wave-rtl N`, docs/waveforms.md). Nothing reads them; Verilator keeps them because they
  // are public. refresh_block says why a refresh closes its banks to new work.
  localparam logic [2:0] BlockNone = 3'd0, BlockUrgent = 3'd1, BlockStarted = 3'd2, BlockPreemptsBestEffort = 3'd3,
                         BlockKvQuiet = 3'd4;
  /* verilator lint_off UNUSEDSIGNAL */
  if (1) begin : g_view
    logic                   col_found_v      /*verilator public_flat_rd*/;
    cmd_e                   col_cmd_v        /*verilator public_flat_rd*/;
    logic [PcWidth-1:0]     col_pc_v         /*verilator public_flat_rd*/;
    logic [BankIdWidth-1:0] col_bank_v       /*verilator public_flat_rd*/;
    logic [SlotWidth-1:0]   col_slot_v       /*verilator public_flat_rd*/;
    logic [KeyWidth-1:0]    col_key_v        /*verilator public_flat_rd*/;
    logic                   row_found_v      /*verilator public_flat_rd*/;
    logic                   row_is_refresh_v /*verilator public_flat_rd*/;
    cmd_e                   row_cmd_v        /*verilator public_flat_rd*/;
    logic [PcWidth-1:0]     row_pc_v         /*verilator public_flat_rd*/;
    logic [BankIdWidth-1:0] row_bank_v       /*verilator public_flat_rd*/;
    logic [SlotWidth-1:0]   row_slot_v       /*verilator public_flat_rd*/;
    logic [KeyWidth-1:0]    row_key_v        /*verilator public_flat_rd*/;
    assign col_found_v = col_found;
    assign col_cmd_v = col_cmd;
    assign col_pc_v = col_pc;
    assign col_bank_v = col_bank;
    assign col_slot_v = col_slot;
    assign col_key_v = col_key;
    assign row_found_v = row_found;
    assign row_is_refresh_v = row_is_refresh;
    assign row_cmd_v = row_cmd;
    assign row_pc_v = row_pc;
    assign row_bank_v = row_bank;
    assign row_slot_v = row_slot;
    assign row_key_v = row_key;
  end
  for (genvar p = 0; p < NumPcs; p++) begin : g_view_pc
    logic [QueueDepth-1:0]  slot_valid_v     /*verilator public_flat_rd*/;
    logic [SlotWidth:0]     queued_v         /*verilator public_flat_rd*/;
    logic                   draining_v       /*verilator public_flat_rd*/;
    logic [5:0]             refresh_owed_v   /*verilator public_flat_rd*/;
    logic [BankIdWidth-1:0] refresh_bank_v   /*verilator public_flat_rd*/;
    logic                   refresh_offer_v  /*verilator public_flat_rd*/;
    cmd_e                   refresh_cmd_v    /*verilator public_flat_rd*/;
    logic [2:0]             refresh_block_v  /*verilator public_flat_rd*/;
    logic                   acts_held_v      /*verilator public_flat_rd*/;
    always_comb begin
      queued_v = '0;
      for (int s = 0; s < QueueDepth; s++) queued_v = queued_v + (SlotWidth + 1)'(slot_valid_q[p][s]);
    end
    assign slot_valid_v = slot_valid_q[p];
    assign draining_v = draining[p];
    assign refresh_owed_v = owed_q[p];
    assign refresh_bank_v = refresh_bank_q[p];
    assign refresh_offer_v = ref_offer[p];
    assign refresh_cmd_v = ref_cmd[p];
    assign refresh_block_v = urgent[p] ? BlockUrgent : refresh_started_q[p] ? BlockStarted :
                             preempts[p] ? BlockPreemptsBestEffort : kv_quiet[p] ? BlockKvQuiet : BlockNone;
    assign acts_held_v = acts_held[p];
    for (genvar b = 0; b < NumBanks; b++) begin : g_bank
      logic                   open_v      /*verilator public_flat_rd*/;
      logic [RowWidth-1:0]    row_v       /*verilator public_flat_rd*/;
      logic [CapWidth-1:0]    hits_v      /*verilator public_flat_rd*/;
      logic [NumCommands-1:0] ready_v     /*verilator public_flat_rd*/;  // bit = command (cmd_e)
      logic                   blocked_v   /*verilator public_flat_rd*/;
      logic                   rd_valid_v  /*verilator public_flat_rd*/;
      logic [KeyWidth-1:0]    rd_key_v    /*verilator public_flat_rd*/;
      logic                   wr_valid_v  /*verilator public_flat_rd*/;
      logic [KeyWidth-1:0]    wr_key_v    /*verilator public_flat_rd*/;
      logic                   act_valid_v /*verilator public_flat_rd*/;
      cmd_e                   act_cmd_v   /*verilator public_flat_rd*/;
      logic [KeyWidth-1:0]    act_key_v   /*verilator public_flat_rd*/;
      assign open_v = bank_open_q[p][b];
      assign row_v = bank_row_q[p][b];
      assign hits_v = bank_hits_q[p][b];
      assign ready_v = timing_ready[p][b];
      assign blocked_v = blocked[p][b];
      assign rd_valid_v = rd_valid[p][b];
      assign rd_key_v = rd_key[p][b];
      assign wr_valid_v = wr_valid[p][b];
      assign wr_key_v = wr_key[p][b];
      assign act_valid_v = act_valid[p][b];
      assign act_cmd_v = act_cmd[p][b];
      assign act_key_v = act_key[p][b];
    end
  end
  /* verilator lint_on UNUSEDSIGNAL */

endmodule
