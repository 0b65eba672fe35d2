// aimc_frfcfs_bank: the FR-FCFS candidates of one bank (docs/scheduling.md, "FR-FCFS") - the
// RTL twin of aimc::FrFcfsScheduler::bank_candidates. Combinational.
//
// Looks at every slot of its pseudo-channel's queue; the slots of this bank are its accesses,
// and the lowest sequence number is the oldest. Bank closed: ACT for the oldest access. Bank
// open: the oldest read hit and the oldest write hit (RD/WR, or RDA/WRA under the closed page
// policy when no other queued access hits the row), and PRE for the oldest conflict when no
// access hits the row, or when row_hit_cap hits were served since the ACT while it waits (then
// the hits are held).
module aimc_frfcfs_bank
  import aimc_pkg::*;
#(
  parameter int unsigned QueueDepth = 64,
  parameter int unsigned SeqWidth   = 32,
  localparam int unsigned SlotWidth = $clog2(QueueDepth),
  localparam int unsigned CapWidth  = 16
) (
  input  logic [BankIdWidth-1:0] bank_i,         // which bank of the pseudo-channel this is
  input  logic                   closed_page_i,  // page policy: 1 = closed (auto-precharge)
  input  logic [CapWidth-1:0]    row_hit_cap_i,

  // The pseudo-channel's queue.
  input  logic [QueueDepth-1:0]                  slot_valid_i,
  input  logic [QueueDepth-1:0][BankIdWidth-1:0] slot_bank_i,
  input  logic [QueueDepth-1:0][RowWidth-1:0]    slot_row_i,
  input  logic [QueueDepth-1:0]                  slot_write_i,
  input  logic [QueueDepth-1:0][SeqWidth-1:0]    slot_seq_i,   // arrival order, unique

  // This bank's state.
  input  logic                   open_i,
  input  logic [RowWidth-1:0]    open_row_i,
  input  logic [CapWidth-1:0]    hits_served_i,

  // Candidates.
  output logic                   read_valid_o,
  output cmd_e                   read_cmd_o,    // RD or RDA
  output logic [SlotWidth-1:0]   read_slot_o,
  output logic                   write_valid_o,
  output cmd_e                   write_cmd_o,   // WR or WRA
  output logic [SlotWidth-1:0]   write_slot_o,
  output logic                   row_valid_o,
  output cmd_e                   row_cmd_o,     // ACT or PRE
  output logic [SlotWidth-1:0]   row_slot_o
);

  // Oldest slot among those in `mask`.
  function automatic logic [SlotWidth-1:0] oldest(logic [QueueDepth-1:0] mask,
                                                  logic [QueueDepth-1:0][SeqWidth-1:0] seq);
    logic [SlotWidth-1:0] best = '0;
    logic                 found = 1'b0;
    for (int s = 0; s < QueueDepth; s++) begin
      if (mask[s] && (!found || seq[s] < seq[best])) begin
        best  = SlotWidth'(s);
        found = 1'b1;
      end
    end
    return best;
  endfunction

  logic [QueueDepth-1:0] mine, read_hits, write_hits, conflicts;
  logic [SlotWidth:0]    hit_count;
  logic                  capped;

  always_comb begin
    hit_count = '0;
    for (int s = 0; s < QueueDepth; s++) begin
      mine[s]       = slot_valid_i[s] && slot_bank_i[s] == bank_i;
      read_hits[s]  = mine[s] && open_i && slot_row_i[s] == open_row_i && !slot_write_i[s];
      write_hits[s] = mine[s] && open_i && slot_row_i[s] == open_row_i && slot_write_i[s];
      conflicts[s]  = mine[s] && open_i && slot_row_i[s] != open_row_i;
      hit_count     = hit_count + (SlotWidth + 1)'(read_hits[s] || write_hits[s]);
    end
  end

  assign capped = |conflicts && hits_served_i >= row_hit_cap_i;

  // Auto-precharge when closed page and this access is the only queued hit to the row.
  logic auto_pre;
  assign auto_pre = closed_page_i && hit_count <= (SlotWidth + 1)'(1);

  assign read_valid_o  = |read_hits && !capped;
  assign read_cmd_o    = auto_pre ? CmdRDA : CmdRD;
  assign read_slot_o   = oldest(read_hits, slot_seq_i);
  assign write_valid_o = |write_hits && !capped;
  assign write_cmd_o   = auto_pre ? CmdWRA : CmdWR;
  assign write_slot_o  = oldest(write_hits, slot_seq_i);

  always_comb begin
    row_valid_o = 1'b0;
    row_cmd_o   = CmdACT;
    row_slot_o  = '0;
    if (!open_i) begin
      row_valid_o = |mine;
      row_slot_o  = oldest(mine, slot_seq_i);
    end else if (|conflicts && (hit_count == '0 || capped)) begin
      row_valid_o = 1'b1;
      row_cmd_o   = CmdPRE;
      row_slot_o  = oldest(conflicts, slot_seq_i);
    end
  end

endmodule
