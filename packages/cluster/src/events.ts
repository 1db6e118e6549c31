import type { ObjectMeta } from '@peapod/core';

/** `Normal` and `Warning` are Kubernetes Event types; `Trace` marks a control-plane step that emits no Event. */
export type TimelineType = 'Normal' | 'Warning' | 'Trace';

/** One line of the timeline, like a row of `kubectl get events` plus where it came from. */
export interface TimelineEvent {
  /** Virtual time in ms since the start. */
  readonly time: number;
  readonly type: TimelineType;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly reason: string;
  readonly message: string;
  /** The reporting component, as an Event's `source.component` (`kubelet`, `default-scheduler`, ...). */
  readonly source: string;
  /** The node of a kubelet's events (`source.host`). */
  readonly host?: string;
  /** Which step of the seed story ("How a pod gets deployed", 1-12) this line shows, when it shows one. */
  readonly step?: number;
}

export interface EventObject {
  readonly kind?: string;
  readonly metadata: Pick<ObjectMeta, 'name' | 'namespace'>;
}

export interface RecordOptions {
  readonly host?: string;
  readonly step?: number;
}

/**
 * The event recorder every component writes through. Events are kept in the order they happen; trace lines
 * (the control-plane steps that upstream only logs) are kept only when tracing is on, so large runs pay
 * nothing for them.
 */
export class EventRecorder {
  readonly events: TimelineEvent[] = [];
  private readonly listeners: ((event: TimelineEvent) => void)[] = [];

  constructor(
    private readonly now: () => number,
    readonly tracing: boolean,
  ) {}

  onEvent(listener: (event: TimelineEvent) => void): void {
    this.listeners.push(listener);
  }

  normal(source: string, object: EventObject, reason: string, message: string, options: RecordOptions = {}): void {
    this.add('Normal', source, object, reason, message, options);
  }

  warning(source: string, object: EventObject, reason: string, message: string, options: RecordOptions = {}): void {
    this.add('Warning', source, object, reason, message, options);
  }

  /** A trace line; `message` is built only when tracing is on. */
  trace(source: string, object: EventObject, reason: string, message: () => string, options: RecordOptions = {}): void {
    if (this.tracing) this.add('Trace', source, object, reason, message(), options);
  }

  /** How many events of a reason were recorded (metrics). */
  count(reason: string): number {
    let n = 0;
    for (const e of this.events) if (e.reason === reason) n++;
    return n;
  }

  private add(
    type: TimelineType,
    source: string,
    object: EventObject,
    reason: string,
    message: string,
    options: RecordOptions,
  ): void {
    const event: TimelineEvent = {
      time: this.now(),
      type,
      kind: object.kind ?? '',
      namespace: object.metadata.namespace ?? '',
      name: object.metadata.name,
      reason,
      message,
      source,
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.step !== undefined ? { step: options.step } : {}),
    };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }
}
