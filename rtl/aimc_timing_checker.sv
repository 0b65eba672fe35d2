// aimc_timing_checker: when each DRAM command is legal in time, for one channel (its pseudo-
// channels, bank groups and banks) - the RTL twin of the C++ aimc::TimingChecker.
//
// For every (bank, command), (bank group, command) and (pseudo-channel, command) a timer holds
// the cycles left until that command is allowed; a command is timing-ready when all timers that
// apply to it are zero (PREA, REFab, PDE and PDX: those of every bank and group of the pseudo-channel),
// and an ACT also when its tFAW window has room. Issuing a command loads, for every timing rule
// whose `from` is that command, the rule's latency into the timers of the rule's scope (the
// larger of what is left and the new wait). Up to one row and one column command issue per
// cycle (the HBM3 dual command bus); each bus is free again one cycle later, the row bus
// nACT_CMD cycles after an ACT.
//
// Latencies are inputs (rule_latency_i in aimc_pkg::Rules order, faw_i, act_cmd_i), held
// stable while the checker runs, so one build serves every memspec preset.
module aimc_timing_checker
  import aimc_pkg::*;
(
  input  logic                  clk_i,
  input  logic                  rst_ni,

  input  timer_t [NumRules-1:0] rule_latency_i,
  input  timer_t                faw_i,
  input  timer_t                act_cmd_i,
  // Simulation only (0 in hardware): this clock edge stands for skip_i + 1 cycles in which no
  // command issues, so every timer counts down by that many (the testbench's idle skip; the
  // row and column command inputs are ignored on such an edge, being idle).
  input  logic [15:0]           skip_i,

  // Row-bus command issued this cycle (ACT, PRE, PREA, REFab, REFpb, PDE, PDX).
  input  logic                  row_valid_i,
  input  cmd_e                  row_cmd_i,
  input  logic [PcWidth-1:0]    row_pc_i,
  input  logic [BankIdWidth-1:0] row_bank_i,  // bank_group * NumBanksPerGroup + bank

  // Column-bus command issued this cycle (RD, RDA, WR, WRA).
  input  logic                  col_valid_i,
  input  cmd_e                  col_cmd_i,
  input  logic [PcWidth-1:0]    col_pc_i,
  input  logic [BankIdWidth-1:0] col_bank_i,

  // ready_o[pc][bank][cmd]: cmd to that bank is timing-ready this cycle (bus not included);
  // for PREA, REFab, PDE and PDX the bank index does not matter.
  output logic [NumPseudoChannels-1:0][NumBanks-1:0][NumCommands-1:0] ready_o,
  // The row bus is busy nACT_CMD cycles after an ACT. (The column bus carries one command per
  // cycle and is free again the next cycle: nothing to track.)
  output logic                  row_bus_free_o
);

  localparam int unsigned NumPorts = 2;  // row, column
  localparam int unsigned FawActs = 4;   // a tFAW window holds at most four ACTs

  typedef timer_t [NumCommands-1:0] cmd_timers_t;

  cmd_timers_t [NumPseudoChannels-1:0][NumBanks-1:0]      bank_q, bank_d;
  cmd_timers_t [NumPseudoChannels-1:0][NumBankGroups-1:0] group_q, group_d;
  cmd_timers_t [NumPseudoChannels-1:0]                    pc_q, pc_d;
  timer_t [NumPseudoChannels-1:0][FawActs-1:0]            faw_q, faw_d;
  logic [NumPseudoChannels-1:0][1:0]                      faw_ptr_q, faw_ptr_d;
  timer_t                                                 row_bus_q, row_bus_d;

  logic                     port_valid [NumPorts];
  cmd_e                     port_cmd   [NumPorts];
  logic [PcWidth-1:0]       port_pc    [NumPorts];
  logic [BankIdWidth-1:0]   port_bank  [NumPorts];

  assign port_valid[0] = row_valid_i;
  assign port_cmd[0]   = row_cmd_i;
  assign port_pc[0]    = row_pc_i;
  assign port_bank[0]  = row_bank_i;
  assign port_valid[1] = col_valid_i;
  assign port_cmd[1]   = col_cmd_i;
  assign port_pc[1]    = col_pc_i;
  assign port_bank[1]  = col_bank_i;

  function automatic logic is_pc_wide(cmd_e cmd);
    return cmd == CmdPREA || cmd == CmdREFab || cmd == CmdPDE || cmd == CmdPDX;
  endfunction

  function automatic timer_t count_down(timer_t t);
    return t == '0 ? '0 : t - timer_t'(1);
  endfunction

  // A timer after an idle skip of skip_i + 1 cycles (no command issues in them), stopping at zero.
  function automatic timer_t skip_down(timer_t t);
    automatic logic [16:0] step = {1'b0, skip_i} + 17'd1;
    return 17'(t) > step ? t - timer_t'(step) : '0;
  endfunction

  function automatic timer_t at_least(timer_t t, timer_t wait_cycles);
    return wait_cycles > t ? wait_cycles : t;
  endfunction

  function automatic logic [BankGroupWidth-1:0] group_of(logic [BankIdWidth-1:0] bank);
    return BankGroupWidth'(bank / BankIdWidth'(NumBanksPerGroup));
  endfunction

  // Next timers: everything counts down; issued commands load their rules' latencies. A rule
  // of latency L issued at cycle t allows `to` at t + L, i.e. L - 1 cycles left after the edge.
  always_comb begin
    for (int p = 0; p < NumPseudoChannels; p++) begin
      for (int c = 0; c < NumCommands; c++) begin
        pc_d[p][c] = count_down(pc_q[p][c]);
        for (int g = 0; g < NumBankGroups; g++) group_d[p][g][c] = count_down(group_q[p][g][c]);
        for (int b = 0; b < NumBanks; b++) bank_d[p][b][c] = count_down(bank_q[p][b][c]);
      end
    end
    for (int k = 0; k < NumPorts; k++) begin
      if (port_valid[k]) begin
        for (int r = 0; r < NumRules; r++) begin
          if (Rules[r].from == port_cmd[k] && rule_latency_i[r] != '0) begin
            automatic timer_t left = rule_latency_i[r] - timer_t'(1);
            automatic int unsigned to = int'(Rules[r].to);
            unique case (Rules[r].scope)
              ScopeBank: begin
                for (int b = 0; b < NumBanks; b++) begin
                  if (is_pc_wide(port_cmd[k]) || BankIdWidth'(b) == port_bank[k]) begin
                    bank_d[port_pc[k]][b][to] = at_least(bank_d[port_pc[k]][b][to], left);
                  end
                end
              end
              ScopeBankGroup: begin
                for (int g = 0; g < NumBankGroups; g++) begin
                  if (is_pc_wide(port_cmd[k]) || BankGroupWidth'(g) == group_of(port_bank[k])) begin
                    group_d[port_pc[k]][g][to] = at_least(group_d[port_pc[k]][g][to], left);
                  end
                end
              end
              ScopePseudoChannel: begin
                pc_d[port_pc[k]][to] = at_least(pc_d[port_pc[k]][to], left);
              end
              default: ;
            endcase
          end
        end
      end
    end
  end

  // tFAW: a ring of the last four ACTs' windows per pseudo-channel; the slot the pointer names
  // is the oldest, and an ACT may go when its window has closed (or was never opened).
  always_comb begin
    faw_ptr_d = faw_ptr_q;
    for (int p = 0; p < NumPseudoChannels; p++) begin
      for (int i = 0; i < FawActs; i++) faw_d[p][i] = count_down(faw_q[p][i]);
    end
    if (row_valid_i && row_cmd_i == CmdACT) begin
      faw_d[row_pc_i][faw_ptr_q[row_pc_i]] = faw_i == '0 ? '0 : faw_i - timer_t'(1);
      faw_ptr_d[row_pc_i] = faw_ptr_q[row_pc_i] + 2'd1;
    end
  end

  // Row bus: free the cycle after a command, nACT_CMD cycles after an ACT.
  always_comb begin
    row_bus_d = count_down(row_bus_q);
    if (row_valid_i) row_bus_d = row_cmd_i == CmdACT && act_cmd_i != '0 ? act_cmd_i - timer_t'(1) : '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int p = 0; p < NumPseudoChannels; p++) begin
        for (int b = 0; b < NumBanks; b++) bank_q[p][b] <= '0;  // one bank at a time: the whole is >8k bits
      end
      group_q    <= '0;
      pc_q       <= '0;
      faw_q      <= '0;
      faw_ptr_q  <= '0;
      row_bus_q  <= '0;
    end else if (skip_i != '0) begin
      // An idle skip: the timers count down skip_i + 1 cycles at once (kept off the per-cycle path).
      for (int p = 0; p < NumPseudoChannels; p++) begin
        for (int c = 0; c < NumCommands; c++) begin
          pc_q[p][c] <= skip_down(pc_q[p][c]);
          for (int g = 0; g < NumBankGroups; g++) group_q[p][g][c] <= skip_down(group_q[p][g][c]);
          for (int b = 0; b < NumBanks; b++) bank_q[p][b][c] <= skip_down(bank_q[p][b][c]);
        end
        for (int i = 0; i < FawActs; i++) faw_q[p][i] <= skip_down(faw_q[p][i]);
      end
      row_bus_q <= skip_down(row_bus_q);
    end else begin
      bank_q     <= bank_d;
      group_q    <= group_d;
      pc_q       <= pc_d;
      faw_q      <= faw_d;
      faw_ptr_q  <= faw_ptr_d;
      row_bus_q  <= row_bus_d;
    end
  end

  // Readiness.
  always_comb begin
    for (int p = 0; p < NumPseudoChannels; p++) begin
      for (int c = 0; c < NumCommands; c++) begin
        automatic logic all_clear = pc_q[p][c] == '0;
        for (int g = 0; g < NumBankGroups; g++) all_clear &= group_q[p][g][c] == '0;
        for (int b = 0; b < NumBanks; b++) all_clear &= bank_q[p][b][c] == '0;
        for (int b = 0; b < NumBanks; b++) begin
          if (is_pc_wide(cmd_e'(c))) begin
            ready_o[p][b][c] = all_clear;
          end else begin
            ready_o[p][b][c] = pc_q[p][c] == '0 && group_q[p][b / NumBanksPerGroup][c] == '0 &&
                               bank_q[p][b][c] == '0;
          end
        end
      end
      // ACT also needs room in its tFAW window.
      for (int b = 0; b < NumBanks; b++) begin
        ready_o[p][b][CmdACT] &= faw_q[p][faw_ptr_q[p]] == '0;
      end
    end
  end

  assign row_bus_free_o = row_bus_q == '0;

  // Debug view: each bank's own timers (cycles until the bank's rules allow ACT, PRE, RD, WR),
  // public so that a testbench can dump them by name; the bank-group and pseudo-channel timers
  // and tFAW also gate readiness (ready_o). Nothing reads them.
  /* verilator lint_off UNUSEDSIGNAL */
  for (genvar p = 0; p < NumPseudoChannels; p++) begin : g_view_pc
    for (genvar b = 0; b < NumBanks; b++) begin : g_bank
      timer_t act_in_v /*verilator public_flat_rd*/;
      timer_t pre_in_v /*verilator public_flat_rd*/;
      timer_t rd_in_v  /*verilator public_flat_rd*/;
      timer_t wr_in_v  /*verilator public_flat_rd*/;
      assign act_in_v = bank_q[p][b][CmdACT];
      assign pre_in_v = bank_q[p][b][CmdPRE];
      assign rd_in_v  = bank_q[p][b][CmdRD];
      assign wr_in_v  = bank_q[p][b][CmdWR];
    end
  end
  /* verilator lint_on UNUSEDSIGNAL */

endmodule
