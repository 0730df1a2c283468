/** Workflow ids are business ids: one execution row ↔ one workflow id, readable in the Temporal UI. */
export function executionWorkflowId(executionId: string): string {
  return `amc-execution/${executionId}`;
}

/**
 * The workflowId RecomAMP sends inside its ad-hoc AMC workflow. AMC echoes it on the execution, so after a lost
 * create response the execution can be found by listing executions with this workflowId (exactly-once at AMC).
 * AMC allows letters, digits, '.', '-' and '_'.
 */
export function amcWorkflowIdFor(executionId: string): string {
  return `recomamp_${executionId.replace(/-/g, '')}`;
}
