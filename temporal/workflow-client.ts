/**
 * Starting and signalling our workflows by type name (workflows/messages.ts), typed by their inputs. Services use
 * these instead of importing workflow functions: workflow code imports the activities' types, which import the
 * services, so importing it here would close an import circle.
 *
 * Every start names its id policies from workflows/start-policies.ts (the one place they are chosen); the options
 * cannot set them any other way.
 */
import type { Client, WorkflowHandle, WorkflowSignalWithStartOptions, WorkflowStartOptions } from '@temporalio/client';
import type { WorkflowInputs, WorkflowType } from '../workflows/messages';
import type { ClientStartPolicy } from '../workflows/start-policies';

type PolicyFields = 'workflowIdReusePolicy' | 'workflowIdConflictPolicy';

export type StartOptions<K extends WorkflowType> = Omit<WorkflowStartOptions, 'args' | PolicyFields> & {
  args: [WorkflowInputs[K]];
};

export function startWorkflow<K extends WorkflowType>(
  temporal: Pick<Client, 'workflow'>,
  type: K,
  options: StartOptions<K>,
  policy: ClientStartPolicy,
): Promise<WorkflowHandle> {
  return temporal.workflow.start(type, { ...options, ...policy });
}

/** Signals the running workflow, or starts one (after a closed run, as `policy` allows) and signals it. */
export function signalWithStart<K extends WorkflowType>(
  temporal: Pick<Client, 'workflow'>,
  type: K,
  options: Omit<WorkflowSignalWithStartOptions<[]>, 'args' | PolicyFields> & { args: [WorkflowInputs[K]] },
  policy: Pick<ClientStartPolicy, 'workflowIdReusePolicy'>,
): Promise<WorkflowHandle> {
  return temporal.workflow.signalWithStart(type, {
    ...options,
    workflowIdReusePolicy: policy.workflowIdReusePolicy,
  } as WorkflowSignalWithStartOptions<[]>);
}
