// aimc_sched_bank_tb: one bank's scheduler as the channel controller builds it - its
// pseudo-channel's queue summed up by aimc_queue_scan, then aimc_sched_bank for bank bank_i -
// behind the interface of a single bank (the queue and this bank's state in, its candidates
// out), for tests/rtl/sched_bank_equiv_test.cpp. Every bank is given this bank's row state;
// only bank bank_i's summary is used.
module aimc_sched_bank_tb
  import aimc_pkg::*;
#(
  parameter int unsigned QueueDepth = 64,
  parameter int unsigned SeqWidth   = 32,
  parameter int unsigned TimeWidth  = 32,
  localparam int unsigned SlotWidth = $clog2(QueueDepth),
  localparam int unsigned CapWidth  = 16,
  localparam int unsigned KeyWidth  = 8 + SeqWidth
) (
  input  logic [1:0]             policy_i,
  input  logic [BankIdWidth-1:0] bank_i,
  input  logic                   closed_page_i,
  input  logic [CapWidth-1:0]    row_hit_cap_i,
  input  logic [TimeWidth-1:0]   now_i,
  input  logic [TimeWidth-1:0]   age_limit_i,
  input  logic                   draining_i,
  input  logic [NumStreamClasses-1:0][3:0] class_rank_i,
  input  logic [3:0]             preempt_rank_gap_i,
  input  logic [TimeWidth-1:0]   preempt_after_i,
  input  logic [TimeWidth-1:0]   row_hold_i,
  input  logic [QueueDepth-1:0]                  slot_valid_i,
  input  logic [QueueDepth-1:0]                  slot_waiting_i,
  input  logic [QueueDepth-1:0][BankIdWidth-1:0] slot_bank_i,
  input  logic [QueueDepth-1:0][RowWidth-1:0]    slot_row_i,
  input  logic [QueueDepth-1:0]                  slot_write_i,
  input  logic [QueueDepth-1:0][SeqWidth-1:0]    slot_seq_i,
  input  logic [QueueDepth-1:0][ClassWidth-1:0]  slot_class_i,
  input  logic [QueueDepth-1:0][TimeWidth-1:0]   slot_arrival_i,
  input  logic                   open_i,
  input  logic [RowWidth-1:0]    open_row_i,
  input  logic [CapWidth-1:0]    hits_served_i,
  input  logic                   served_i,
  input  logic [TimeWidth-1:0]   last_column_i,
  output logic                   read_valid_o,
  output cmd_e                   read_cmd_o,
  output logic [SlotWidth-1:0]   read_slot_o,
  output logic [KeyWidth-1:0]    read_key_o,
  output logic                   write_valid_o,
  output cmd_e                   write_cmd_o,
  output logic [SlotWidth-1:0]   write_slot_o,
  output logic [KeyWidth-1:0]    write_key_o,
  output logic                   row_valid_o,
  output cmd_e                   row_cmd_o,
  output logic [SlotWidth-1:0]   row_slot_o,
  output logic [KeyWidth-1:0]    row_key_o
);

  logic [NumBanks-1:0]                 any_found, any_write, any_hits, read_found, write_found;
  logic [NumBanks-1:0]                 conflict_found, model_conflict;
  logic [NumBanks-1:0][SlotWidth-1:0]  any_slot, read_slot, write_slot, conflict_slot;
  logic [NumBanks-1:0][KeyWidth-1:0]   any_key, read_key, write_key, conflict_key;
  logic [NumBanks-1:0][TimeWidth-1:0]  conflict_arrival;
  logic [NumBanks-1:0][SlotWidth:0]    hit_count;

  aimc_queue_scan #(.QueueDepth(QueueDepth), .SeqWidth(SeqWidth), .TimeWidth(TimeWidth)) u_scan (
    .policy_i, .now_i, .age_limit_i, .draining_i, .class_rank_i,
    .slot_valid_i, .slot_waiting_i, .slot_bank_i, .slot_row_i, .slot_write_i, .slot_seq_i, .slot_class_i,
    .slot_arrival_i,
    .open_i             ({NumBanks{open_i}}),
    .open_row_i         ({NumBanks{open_row_i}}),
    .any_found_o        (any_found),
    .any_slot_o         (any_slot),
    .any_key_o          (any_key),
    .any_write_o        (any_write),
    .any_hits_o         (any_hits),
    .read_found_o       (read_found),
    .read_slot_o        (read_slot),
    .read_key_o         (read_key),
    .write_found_o      (write_found),
    .write_slot_o       (write_slot),
    .write_key_o        (write_key),
    .conflict_found_o   (conflict_found),
    .conflict_slot_o    (conflict_slot),
    .conflict_key_o     (conflict_key),
    .conflict_arrival_o (conflict_arrival),
    .hit_count_o        (hit_count),
    .model_conflict_o   (model_conflict)
  );

  aimc_sched_bank #(.QueueDepth(QueueDepth), .SeqWidth(SeqWidth), .TimeWidth(TimeWidth)) u_bank (
    .policy_i, .closed_page_i, .row_hit_cap_i, .now_i, .preempt_rank_gap_i, .preempt_after_i, .row_hold_i,
    .any_found_i        (any_found[bank_i]),
    .any_slot_i         (any_slot[bank_i]),
    .any_key_i          (any_key[bank_i]),
    .any_write_i        (any_write[bank_i]),
    .any_hits_i         (any_hits[bank_i]),
    .read_found_i       (read_found[bank_i]),
    .read_slot_i        (read_slot[bank_i]),
    .read_key_i         (read_key[bank_i]),
    .write_found_i      (write_found[bank_i]),
    .write_slot_i       (write_slot[bank_i]),
    .write_key_i        (write_key[bank_i]),
    .conflict_found_i   (conflict_found[bank_i]),
    .conflict_slot_i    (conflict_slot[bank_i]),
    .conflict_key_i     (conflict_key[bank_i]),
    .conflict_arrival_i (conflict_arrival[bank_i]),
    .hit_count_i        (hit_count[bank_i]),
    .model_conflict_i   (model_conflict[bank_i]),
    .open_i, .hits_served_i, .served_i, .last_column_i,
    .read_valid_o, .read_cmd_o, .read_slot_o, .read_key_o,
    .write_valid_o, .write_cmd_o, .write_slot_o, .write_key_o,
    .row_valid_o, .row_cmd_o, .row_slot_o, .row_key_o
  );

endmodule
