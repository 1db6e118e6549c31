import type { PodInfo } from '@peapod/core';

/**
 * Pods `auto` evaluates in the calling thread before it times any: the first ones pay for compiling the code
 * and filling the node memos, and would make every workload look expensive.
 */
export const CALIBRATION_WARMUP = 10;
/** Pods `auto` then times in the calling thread; it decides on their median. */
export const CALIBRATION_PODS = 10;

/** `auto` before it decides: times each pod's Filter and Score in the calling thread, after the warm-up. */
export class Calibration {
  /** Pods seen, counting the warm-up. */
  private seen = 0;
  private readonly times: number[] = [];
  /** The pod being evaluated, and its time so far. */
  private pod: PodInfo | undefined;
  private ms = 0;

  /** `step` of `pod`'s cycle, done here and timed. */
  timed<T>(pod: PodInfo, step: () => T): T {
    if (this.pod !== pod) {
      this.finishPod();
      this.pod = pod;
      this.seen++;
    }
    const start = performance.now();
    try {
      return step();
    } finally {
      this.ms += performance.now() - start;
    }
  }

  /**
   * At the start of `pod`'s cycle: the median Filter and Score time per pod (ms) once `CALIBRATION_PODS` pods
   * past the warm-up were timed, else undefined.
   */
  result(pod: PodInfo): number | undefined {
    if (this.pod === pod) return undefined;
    this.finishPod();
    if (this.times.length < CALIBRATION_PODS) return undefined;
    const times = [...this.times].sort((a, b) => a - b);
    return times[times.length >> 1]!;
  }

  /** Records the pod evaluated last, once past the warm-up. */
  private finishPod(): void {
    if (this.pod !== undefined && this.seen > CALIBRATION_WARMUP) this.times.push(this.ms);
    this.pod = undefined;
    this.ms = 0;
  }
}
