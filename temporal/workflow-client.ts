/**
 * Starting and signalling our workflows by type name (workflows/messages.ts), typed by their inputs. Services use
 * these instead of importing workflow functions: workflow code imports the activities' types, which import the
 * services, so importing it here would close an import circle.
 */
import type { Client, WorkflowHandle, WorkflowSignalWithStartOptions, WorkflowStartOptions } from '@temporalio/client';
import type { WorkflowInputs, WorkflowType } from '../workflows/messages';

export type StartOptions<K extends WorkflowType> = Omit<WorkflowStartOptions, 'args'> & { args: [WorkflowInputs[K]] };

export function startWorkflow<K extends WorkflowType>(
  temporal: Pick<Client, 'workflow'>,
  type: K,
  options: StartOptions<K>,
): Promise<WorkflowHandle> {
  return temporal.workflow.start(type, options);
}

export function signalWithStart<K extends WorkflowType>(
  temporal: Pick<Client, 'workflow'>,
  type: K,
  options: Omit<WorkflowSignalWithStartOptions<[]>, 'args'> & { args: [WorkflowInputs[K]] },
): Promise<WorkflowHandle> {
  return temporal.workflow.signalWithStart(type, options as WorkflowSignalWithStartOptions<[]>);
}
