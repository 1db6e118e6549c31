/** Reason and message strings of DefaultPreemption, as upstream words them (v1.26). */

/** A node on which no pod has a lower priority than the preemptor (`SelectVictimsOnNode`). */
export const ErrReasonNoVictims = 'No preemption victims found for incoming pod';
/** A node that failed Filter as UnschedulableAndUnresolvable (`nodesWherePreemptionMightHelp`). */
export const ErrReasonNotHelpful = 'Preemption is not helpful for scheduling';
/** `PodEligibleToPreemptOthers`: the pod's `preemptionPolicy` is `Never`. */
export const MsgNotEligiblePolicyNever = 'not eligible due to preemptionPolicy=Never.';
/** `PodEligibleToPreemptOthers`: a lower-priority pod on the pod's nominated node is still terminating. */
export const MsgNotEligibleTerminating = 'not eligible due to a terminating pod on the nominated node.';
/** DefaultPreemption's prefix on every message it returns (`PostFilter`). */
export const PREEMPTION_PREFIX = 'preemption: ';
