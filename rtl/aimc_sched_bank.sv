// aimc_sched_bank: the candidates of one bank under the FCFS, FR-FCFS or ai_aware policy
// (docs/scheduling.md) - the RTL twin of the C++ schedulers' bank_candidates(). Combinational.
//
// Looks at every slot of its pseudo-channel's queue; the slots of this bank are its accesses,
// except those waiting for an older access to the same location (slot_waiting_i).
// Each access has a priority key, lower first: {tier, rank, seq}. FCFS and FR-FCFS use the
// arrival number alone (tier = rank = 0); ai_aware puts tier 0 for aged accesses, 1 for writes
// while the pseudo-channel drains, 2 otherwise, and the class rank above the arrival number.
//   FCFS:     one candidate, for the oldest access: its column command if its row is open, PRE
//             if another row is open, ACT if the bank is closed.
//   FR-FCFS /
//   ai_aware: bank closed: ACT for the best access. Bank open: the best read hit and the best
//             write hit (RD/WR, or RDA/WRA under the closed page policy when no other queued
//             access hits the row), and PRE for the best conflict when no access hits the row,
//             when row_hit_cap hits were served since the ACT while it waits, or (ai_aware) when
//             that conflict is aged and outranks every hit, or its tier beats the best hit's, or
//             in the same tier its rank is preempt_rank_gap better and it has waited
//             preempt_after cycles; then hits are held. Under ai_aware with row_hold set, an
//             idle row (no hit queued) whose conflicts are all best effort and not aged stays open
//             until row_hold cycles after the bank's latest column command.
module aimc_sched_bank
  import aimc_pkg::*;
#(
  parameter int unsigned QueueDepth = 64,
  parameter int unsigned SeqWidth   = 32,
  parameter int unsigned TimeWidth  = 32,
  localparam int unsigned SlotWidth = $clog2(QueueDepth),
  localparam int unsigned CapWidth  = 16,
  localparam int unsigned KeyWidth  = 8 + SeqWidth
) (
  input  logic [1:0]             policy_i,       // 0 fcfs, 1 fr_fcfs, 2 ai_aware
  input  logic [BankIdWidth-1:0] bank_i,         // which bank of the pseudo-channel this is
  input  logic                   closed_page_i,  // page policy: 1 = closed (auto-precharge)
  input  logic [CapWidth-1:0]    row_hit_cap_i,
  // ai_aware.
  input  logic [TimeWidth-1:0]   now_i,
  input  logic [TimeWidth-1:0]   age_limit_i,    // cycles
  input  logic                   draining_i,     // this pseudo-channel drains writes
  input  logic [NumStreamClasses-1:0][3:0] class_rank_i,
  input  logic [3:0]             preempt_rank_gap_i,  // 0: off
  input  logic [TimeWidth-1:0]   preempt_after_i,     // cycles a conflict waits before the rank clause
  input  logic [TimeWidth-1:0]   row_hold_i,          // cycles an idle row stays open for best effort; 0: off

  // The pseudo-channel's queue.
  input  logic [QueueDepth-1:0]                  slot_valid_i,
  input  logic [QueueDepth-1:0]                  slot_waiting_i,  // an older same-location access first
  input  logic [QueueDepth-1:0][BankIdWidth-1:0] slot_bank_i,
  input  logic [QueueDepth-1:0][RowWidth-1:0]    slot_row_i,
  input  logic [QueueDepth-1:0]                  slot_write_i,
  input  logic [QueueDepth-1:0][SeqWidth-1:0]    slot_seq_i,      // arrival order, unique
  input  logic [QueueDepth-1:0][ClassWidth-1:0]  slot_class_i,
  input  logic [QueueDepth-1:0][TimeWidth-1:0]   slot_arrival_i,  // cycle it was queued

  // This bank's state.
  input  logic                   open_i,
  input  logic [RowWidth-1:0]    open_row_i,
  input  logic [CapWidth-1:0]    hits_served_i,
  input  logic                   served_i,       // a column command has gone to the bank
  input  logic [TimeWidth-1:0]   last_column_i,  // the cycle of the latest one

  // Candidates, each with its key.
  output logic                   read_valid_o,
  output cmd_e                   read_cmd_o,    // RD or RDA
  output logic [SlotWidth-1:0]   read_slot_o,
  output logic [KeyWidth-1:0]    read_key_o,
  output logic                   write_valid_o,
  output cmd_e                   write_cmd_o,   // WR or WRA
  output logic [SlotWidth-1:0]   write_slot_o,
  output logic [KeyWidth-1:0]    write_key_o,
  output logic                   row_valid_o,
  output cmd_e                   row_cmd_o,     // ACT or PRE
  output logic [SlotWidth-1:0]   row_slot_o,
  output logic [KeyWidth-1:0]    row_key_o
);

  localparam logic [1:0] PolicyFcfs = 2'd0, PolicyAiAware = 2'd2;

  logic [QueueDepth-1:0][KeyWidth-1:0] key;
  always_comb begin
    for (int s = 0; s < QueueDepth; s++) begin
      if (policy_i != PolicyAiAware) begin
        key[s] = {8'd0, slot_seq_i[s]};
      end else if (now_i - slot_arrival_i[s] >= age_limit_i) begin
        key[s] = {8'd0, slot_seq_i[s]};  // aged: tier 0, rank 0, oldest first
      end else begin
        key[s] = {(slot_write_i[s] && draining_i) ? 4'd1 : 4'd2, class_rank_i[slot_class_i[s]], slot_seq_i[s]};
      end
    end
  end

  // The slot with the lowest key among those in `mask` (found = 0 when the mask is empty).
  function automatic void best_of(input logic [QueueDepth-1:0] mask,
                                  input logic [QueueDepth-1:0][KeyWidth-1:0] keys,
                                  output logic found, output logic [SlotWidth-1:0] slot,
                                  output logic [KeyWidth-1:0] best_key);
    found    = 1'b0;
    slot     = '0;
    best_key = '1;
    for (int s = 0; s < QueueDepth; s++) begin
      if (mask[s] && (!found || keys[s] < best_key)) begin
        found    = 1'b1;
        slot     = SlotWidth'(s);
        best_key = keys[s];
      end
    end
  endfunction

  logic [QueueDepth-1:0] mine, read_hits, write_hits, conflicts;
  logic [SlotWidth:0]    hit_count;

  always_comb begin
    hit_count = '0;
    for (int s = 0; s < QueueDepth; s++) begin
      mine[s]       = slot_valid_i[s] && !slot_waiting_i[s] && slot_bank_i[s] == bank_i;
      read_hits[s]  = mine[s] && open_i && slot_row_i[s] == open_row_i && !slot_write_i[s];
      write_hits[s] = mine[s] && open_i && slot_row_i[s] == open_row_i && slot_write_i[s];
      conflicts[s]  = mine[s] && open_i && slot_row_i[s] != open_row_i;
      hit_count     = hit_count + (SlotWidth + 1)'(read_hits[s] || write_hits[s]);
    end
  end

  logic                 any_found, read_found, write_found, conflict_found;
  logic [SlotWidth-1:0] any_slot, read_slot, write_slot, conflict_slot;
  logic [KeyWidth-1:0]  any_key, read_key, write_key, conflict_key;
  always_comb begin
    best_of(mine, key, any_found, any_slot, any_key);
    best_of(read_hits, key, read_found, read_slot, read_key);
    best_of(write_hits, key, write_found, write_slot, write_key);
    best_of(conflicts, key, conflict_found, conflict_slot, conflict_key);
  end

  // Auto-precharge when closed page and this access is the only queued hit to the row.
  logic auto_pre, capped, conflict_first, hold_hits;
  assign auto_pre   = closed_page_i && hit_count <= (SlotWidth + 1)'(1);
  assign capped     = conflict_found && hits_served_i >= row_hit_cap_i;
  // ai_aware: a conflict goes first when it is aged and beats every hit, or (preempt_rank_gap > 0)
  // when its tier beats the best hit's, or in the same tier its rank is preempt_rank_gap better
  // and it has waited preempt_after cycles.
  // A missing hit's key is all ones: with no hits the PRE is offered anyway.
  logic [KeyWidth-1:0] hit_key;
  logic                aged_first, rank_first;
  assign hit_key    = read_key < write_key ? read_key : write_key;
  assign aged_first = conflict_key[KeyWidth-1 -: 4] == 4'd0 && conflict_key < hit_key;
  assign rank_first = preempt_rank_gap_i != 4'd0 &&
                      (conflict_key[KeyWidth-1 -: 4] < hit_key[KeyWidth-1 -: 4] ||
                       (conflict_key[KeyWidth-1 -: 4] == hit_key[KeyWidth-1 -: 4] &&
                        {1'b0, hit_key[KeyWidth-5 -: 4]} >= {1'b0, conflict_key[KeyWidth-5 -: 4]} + {1'b0, preempt_rank_gap_i} &&
                        now_i - slot_arrival_i[conflict_slot] >= preempt_after_i));
  assign conflict_first = policy_i == PolicyAiAware && conflict_found && (aged_first || rank_first);
  assign hold_hits  = capped || conflict_first;
  // ai_aware row hold: an idle row stays open while every conflict is best effort and none has
  // aged (the best conflict is aged if any is).
  logic [QueueDepth-1:0] model_conflicts;
  always_comb begin
    for (int s = 0; s < QueueDepth; s++) begin
      model_conflicts[s] = conflicts[s] && slot_class_i[s] != ClassWidth'(ClassBEST_EFFORT);
    end
  end
  logic row_held;
  assign row_held = policy_i == PolicyAiAware && row_hold_i != '0 && hit_count == '0 && conflict_found &&
                    model_conflicts == '0 && served_i && now_i - last_column_i < row_hold_i &&
                    conflict_key[KeyWidth-1 -: 4] != 4'd0;

  logic oldest_hits, oldest_write;
  assign oldest_hits  = open_i && slot_row_i[any_slot] == open_row_i;
  assign oldest_write = slot_write_i[any_slot];

  always_comb begin
    read_valid_o  = 1'b0;
    read_cmd_o    = auto_pre ? CmdRDA : CmdRD;
    read_slot_o   = read_slot;
    read_key_o    = read_key;
    write_valid_o = 1'b0;
    write_cmd_o   = auto_pre ? CmdWRA : CmdWR;
    write_slot_o  = write_slot;
    write_key_o   = write_key;
    row_valid_o   = 1'b0;
    row_cmd_o     = CmdACT;
    row_slot_o    = any_slot;
    row_key_o     = any_key;
    if (policy_i == PolicyFcfs) begin
      if (any_found && oldest_hits) begin
        read_valid_o  = !oldest_write;
        read_slot_o   = any_slot;
        read_key_o    = any_key;
        write_valid_o = oldest_write;
        write_slot_o  = any_slot;
        write_key_o   = any_key;
      end else begin
        row_valid_o = any_found;
        row_cmd_o   = open_i ? CmdPRE : CmdACT;
      end
    end else if (!open_i) begin
      row_valid_o = any_found;
    end else begin
      read_valid_o  = read_found && !hold_hits;
      write_valid_o = write_found && !hold_hits;
      if (conflict_found && (hit_count == '0 || hold_hits) && !row_held) begin
        row_valid_o = 1'b1;
        row_cmd_o   = CmdPRE;
        row_slot_o  = conflict_slot;
        row_key_o   = conflict_key;
      end
    end
  end

endmodule
