# The shipped scenarios whose decode runs closed loop (its answers set when its next requests go),
# on which the loosely-timed mode's error is measured. Sourced by the lt benches.
closed_loop_scenarios=(llm/llama3_8b_decode llm/llama3_70b_decode tenants/mixed_tenants default
                       accelerator/llama3_8b_decode_6stack accelerator/llama3_70b_decode_8stack)
