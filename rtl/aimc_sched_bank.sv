// aimc_sched_bank: the candidates of one bank under the FCFS, FR-FCFS or ai_aware policy
// (docs/scheduling.md) - the RTL twin of the C++ schedulers' bank_candidates(). Combinational.
//
// Its accesses come summed up by aimc_queue_scan (which also gives each its priority key,
// lower first): the best of all, the best read hit, the best write hit, the best conflict, the
// hit count, and whether any conflict is not best effort.
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
  input  logic                   closed_page_i,  // page policy: 1 = closed (auto-precharge)
  input  logic [CapWidth-1:0]    row_hit_cap_i,
  // ai_aware.
  input  logic [TimeWidth-1:0]   now_i,
  input  logic [3:0]             preempt_rank_gap_i,  // 0: off
  input  logic [TimeWidth-1:0]   preempt_after_i,     // cycles a conflict waits before the rank clause
  input  logic [TimeWidth-1:0]   row_hold_i,          // cycles an idle row stays open for best effort; 0: off

  // This bank's accesses (aimc_queue_scan).
  input  logic                   any_found_i,
  input  logic [SlotWidth-1:0]   any_slot_i,
  input  logic [KeyWidth-1:0]    any_key_i,
  input  logic                   any_write_i,
  input  logic                   any_hits_i,
  input  logic                   read_found_i,
  input  logic [SlotWidth-1:0]   read_slot_i,
  input  logic [KeyWidth-1:0]    read_key_i,
  input  logic                   write_found_i,
  input  logic [SlotWidth-1:0]   write_slot_i,
  input  logic [KeyWidth-1:0]    write_key_i,
  input  logic                   conflict_found_i,
  input  logic [SlotWidth-1:0]   conflict_slot_i,
  input  logic [KeyWidth-1:0]    conflict_key_i,
  input  logic [TimeWidth-1:0]   conflict_arrival_i,
  input  logic [SlotWidth:0]     hit_count_i,
  input  logic                   model_conflict_i,

  // This bank's state.
  input  logic                   open_i,
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

  // Auto-precharge when closed page and this access is the only queued hit to the row.
  logic auto_pre, capped, conflict_first, hold_hits;
  assign auto_pre   = closed_page_i && hit_count_i <= (SlotWidth + 1)'(1);
  assign capped     = conflict_found_i && hits_served_i >= row_hit_cap_i;
  // ai_aware: a conflict goes first when it is aged and beats every hit, or (preempt_rank_gap > 0)
  // when its tier beats the best hit's, or in the same tier its rank is preempt_rank_gap better
  // and it has waited preempt_after cycles.
  // A missing hit's key is all ones: with no hits the PRE is offered anyway.
  logic [KeyWidth-1:0] hit_key;
  logic                aged_first, rank_first;
  assign hit_key    = read_key_i < write_key_i ? read_key_i : write_key_i;
  assign aged_first = conflict_key_i[KeyWidth-1 -: 4] == 4'd0 && conflict_key_i < hit_key;
  assign rank_first = preempt_rank_gap_i != 4'd0 &&
                      (conflict_key_i[KeyWidth-1 -: 4] < hit_key[KeyWidth-1 -: 4] ||
                       (conflict_key_i[KeyWidth-1 -: 4] == hit_key[KeyWidth-1 -: 4] &&
                        {1'b0, hit_key[KeyWidth-5 -: 4]} >= {1'b0, conflict_key_i[KeyWidth-5 -: 4]} + {1'b0, preempt_rank_gap_i} &&
                        now_i - conflict_arrival_i >= preempt_after_i));
  assign conflict_first = policy_i == PolicyAiAware && conflict_found_i && (aged_first || rank_first);
  assign hold_hits  = capped || conflict_first;
  // ai_aware row hold: an idle row stays open while every conflict is best effort and none has
  // aged (the best conflict is aged if any is).
  logic row_held;
  assign row_held = policy_i == PolicyAiAware && row_hold_i != '0 && hit_count_i == '0 && conflict_found_i &&
                    !model_conflict_i && served_i && now_i - last_column_i < row_hold_i &&
                    conflict_key_i[KeyWidth-1 -: 4] != 4'd0;

  always_comb begin
    read_valid_o  = 1'b0;
    read_cmd_o    = auto_pre ? CmdRDA : CmdRD;
    read_slot_o   = read_slot_i;
    read_key_o    = read_key_i;
    write_valid_o = 1'b0;
    write_cmd_o   = auto_pre ? CmdWRA : CmdWR;
    write_slot_o  = write_slot_i;
    write_key_o   = write_key_i;
    row_valid_o   = 1'b0;
    row_cmd_o     = CmdACT;
    row_slot_o    = any_slot_i;
    row_key_o     = any_key_i;
    if (policy_i == PolicyFcfs) begin
      if (any_found_i && any_hits_i) begin
        read_valid_o  = !any_write_i;
        read_slot_o   = any_slot_i;
        read_key_o    = any_key_i;
        write_valid_o = any_write_i;
        write_slot_o  = any_slot_i;
        write_key_o   = any_key_i;
      end else begin
        row_valid_o = any_found_i;
        row_cmd_o   = open_i ? CmdPRE : CmdACT;
      end
    end else if (!open_i) begin
      row_valid_o = any_found_i;
    end else begin
      read_valid_o  = read_found_i && !hold_hits;
      write_valid_o = write_found_i && !hold_hits;
      if (conflict_found_i && (hit_count_i == '0 || hold_hits) && !row_held) begin
        row_valid_o = 1'b1;
        row_cmd_o   = CmdPRE;
        row_slot_o  = conflict_slot_i;
        row_key_o   = conflict_key_i;
      end
    end
  end

endmodule
