// aimc_queue_scan: one pass over a pseudo-channel's queue that sums it up per bank for the
// bank schedulers (aimc_sched_bank). Combinational.
//
// Each access gets its priority key, lower first: {tier, rank, seq}. FCFS and FR-FCFS use the
// arrival number alone (tier = rank = 0); ai_aware puts tier 0 for aged accesses, 1 for writes
// while the pseudo-channel drains, 2 otherwise, and the class rank above the arrival number.
// An access waiting for an older access to the same location (slot_waiting_i) is left out.
// Per bank it finds the best access of all ("any", with whether it writes and whether its row
// is the open one), the best read hit, the best write hit and the best conflict (with its
// arrival), counts the hits, and tells whether any conflict is not best effort.
//
// Why one pass: a pass per bank costs banks x slots, and a 16-high part has 64 banks per
// pseudo-channel; one pass costs the slots, whatever the banks (docs/rtl.md).
module aimc_queue_scan
  import aimc_pkg::*;
#(
  parameter int unsigned QueueDepth = 64,
  parameter int unsigned SeqWidth   = 32,
  parameter int unsigned TimeWidth  = 32,
  localparam int unsigned SlotWidth = $clog2(QueueDepth),
  localparam int unsigned KeyWidth  = 8 + SeqWidth
) (
  input  logic [1:0]             policy_i,       // 0 fcfs, 1 fr_fcfs, 2 ai_aware
  // ai_aware's keys.
  input  logic [TimeWidth-1:0]   now_i,
  input  logic [TimeWidth-1:0]   age_limit_i,    // cycles
  input  logic                   draining_i,     // this pseudo-channel drains writes
  input  logic [NumStreamClasses-1:0][3:0] class_rank_i,

  // The pseudo-channel's queue.
  input  logic [QueueDepth-1:0]                  slot_valid_i,
  input  logic [QueueDepth-1:0]                  slot_waiting_i,  // an older same-location access first
  input  logic [QueueDepth-1:0][BankIdWidth-1:0] slot_bank_i,
  input  logic [QueueDepth-1:0][RowWidth-1:0]    slot_row_i,
  input  logic [QueueDepth-1:0]                  slot_write_i,
  input  logic [QueueDepth-1:0][SeqWidth-1:0]    slot_seq_i,      // arrival order, unique
  input  logic [QueueDepth-1:0][ClassWidth-1:0]  slot_class_i,
  input  logic [QueueDepth-1:0][TimeWidth-1:0]   slot_arrival_i,  // cycle it was queued

  // The banks' rows.
  input  logic [NumBanks-1:0]                    open_i,
  input  logic [NumBanks-1:0][RowWidth-1:0]      open_row_i,

  // Per bank. A slot is 0 and a key all ones where nothing was found.
  output logic [NumBanks-1:0]                    any_found_o,
  output logic [NumBanks-1:0][SlotWidth-1:0]     any_slot_o,
  output logic [NumBanks-1:0][KeyWidth-1:0]      any_key_o,
  output logic [NumBanks-1:0]                    any_write_o,     // the best access writes
  output logic [NumBanks-1:0]                    any_hits_o,      // its row is open
  output logic [NumBanks-1:0]                    read_found_o,
  output logic [NumBanks-1:0][SlotWidth-1:0]     read_slot_o,
  output logic [NumBanks-1:0][KeyWidth-1:0]      read_key_o,
  output logic [NumBanks-1:0]                    write_found_o,
  output logic [NumBanks-1:0][SlotWidth-1:0]     write_slot_o,
  output logic [NumBanks-1:0][KeyWidth-1:0]      write_key_o,
  output logic [NumBanks-1:0]                    conflict_found_o,
  output logic [NumBanks-1:0][SlotWidth-1:0]     conflict_slot_o,
  output logic [NumBanks-1:0][KeyWidth-1:0]      conflict_key_o,
  output logic [NumBanks-1:0][TimeWidth-1:0]     conflict_arrival_o,  // of the best conflict
  output logic [NumBanks-1:0][SlotWidth:0]       hit_count_o,     // read and write hits
  output logic [NumBanks-1:0]                    model_conflict_o // a conflict not best effort
);

  localparam logic [1:0] PolicyAiAware = 2'd2;

  always_comb begin
    any_found_o        = '0;
    any_slot_o         = '0;
    any_key_o          = '1;
    any_write_o        = '0;
    any_hits_o         = '0;
    read_found_o       = '0;
    read_slot_o        = '0;
    read_key_o         = '1;
    write_found_o      = '0;
    write_slot_o       = '0;
    write_key_o        = '1;
    conflict_found_o   = '0;
    conflict_slot_o    = '0;
    conflict_key_o     = '1;
    conflict_arrival_o = '0;
    hit_count_o        = '0;
    model_conflict_o   = '0;
    for (int s = 0; s < QueueDepth; s++) begin
      automatic logic [BankIdWidth-1:0] b = slot_bank_i[s];
      automatic logic [KeyWidth-1:0] key;
      automatic logic hit = open_i[b] && slot_row_i[s] == open_row_i[b];
      if (policy_i != PolicyAiAware || now_i - slot_arrival_i[s] >= age_limit_i) begin
        key = {8'd0, slot_seq_i[s]};  // FCFS, FR-FCFS; ai_aware's aged accesses: tier 0, oldest first
      end else begin
        key = {(slot_write_i[s] && draining_i) ? 4'd1 : 4'd2, class_rank_i[slot_class_i[s]], slot_seq_i[s]};
      end
      if (slot_valid_i[s] && !slot_waiting_i[s]) begin
        if (!any_found_o[b] || key < any_key_o[b]) begin
          any_found_o[b] = 1'b1;
          any_slot_o[b]  = SlotWidth'(s);
          any_key_o[b]   = key;
          any_write_o[b] = slot_write_i[s];
          any_hits_o[b]  = hit;
        end
        if (hit) hit_count_o[b] = hit_count_o[b] + (SlotWidth + 1)'(1);
        if (hit && !slot_write_i[s] && (!read_found_o[b] || key < read_key_o[b])) begin
          read_found_o[b] = 1'b1;
          read_slot_o[b]  = SlotWidth'(s);
          read_key_o[b]   = key;
        end
        if (hit && slot_write_i[s] && (!write_found_o[b] || key < write_key_o[b])) begin
          write_found_o[b] = 1'b1;
          write_slot_o[b]  = SlotWidth'(s);
          write_key_o[b]   = key;
        end
        if (open_i[b] && !hit) begin
          model_conflict_o[b] |= slot_class_i[s] != ClassWidth'(ClassBEST_EFFORT);
          if (!conflict_found_o[b] || key < conflict_key_o[b]) begin
            conflict_found_o[b]   = 1'b1;
            conflict_slot_o[b]    = SlotWidth'(s);
            conflict_key_o[b]     = key;
            conflict_arrival_o[b] = slot_arrival_i[s];
          end
        end
      end
    end
  end

endmodule
