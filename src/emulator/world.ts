/**
 * The root of the simulated world: one cluster, its fabric and its datastore, on one clock.
 * Everything that happens over time is an event in the clock's queue, handled by the module
 * that owns it (kubelet, calico-node, BIRD); after each event the controllers reconcile.
 */
import { clockNextDue, clockSchedule, clockTimeOfDay } from './clock';
import type { SimEvent } from './clock';
import type { NodeState, WorldState } from './state';
import { kubeletHandlers } from './k8s/kubelet';
import { controllersReconcile } from './k8s/controllers';
import { calicoNodeHandlers } from './calico/calico-node';
import { birdHandlers } from './calico/bird';
import { nodePowerHandlers } from './node-power';
import { kubeletServiceHandlers } from './system/kubelet-service';
import { taintEvictionHandlers } from './k8s/taint-eviction';
import { buildScenario } from './scenarios';
import { scenarioSteps } from './scenarios-bgp';
import type { ScenarioOptions } from './scenarios';
import { snapshotDecode, snapshotEncode } from './snapshot-shared';
import { timestampAt } from './k8s/factory';

export type EventHandler = (world: World, data: Record<string, unknown>) => void;

const HANDLERS: Record<string, EventHandler> = {
  ...kubeletHandlers,
  ...calicoNodeHandlers,
  ...birdHandlers,
  ...nodePowerHandlers,
  ...kubeletServiceHandlers,
  ...taintEvictionHandlers,
};

/** Guards against a runaway feedback loop of zero-delay events. */
const MAX_EVENTS_PER_ADVANCE = 1_000_000;

export class World {
  constructor(public state: WorldState) {}

  static create(opts: ScenarioOptions = {}): World {
    const world = new World(buildScenario(opts));
    world.reconcile();
    // What the scenario did before the student arrived (apply Calico, start a ToR), in time order.
    for (const step of scenarioSteps(world.state.scenario, opts.mode)) {
      world.advance(step.at - world.now);
      step.run(world);
      world.reconcile();
    }
    world.advance(-world.now);
    return world;
  }

  static restore(snapshot: string): World {
    return new World(snapshotDecode(snapshot));
  }

  /** The state as JSON, BIRD's shared routes written once (snapshot-shared.ts). */
  snapshot(): string {
    return snapshotEncode(this.state);
  }

  get now(): number {
    return this.state.clock.now;
  }

  /** `HH:MM:SS` of the simulated wall clock. */
  timeOfDay(atMs = this.now): string {
    return clockTimeOfDay(this.state.clock, atMs);
  }

  /** RFC 3339 timestamp of a simulated instant, as the API server writes it. */
  timestamp(atMs = this.now): string {
    return timestampAt(this.state, atMs);
  }

  node(name: string): NodeState | undefined {
    return this.state.nodes.find((n) => n.name === name);
  }

  nodeByIp(ip: string): NodeState | undefined {
    return this.state.nodes.find((n) => n.ip === ip);
  }

  schedule(delayMs: number, type: string, data: Record<string, unknown> = {}): void {
    if (!HANDLERS[type]) throw new Error(`no handler for event ${type}`);
    clockSchedule(this.state.clock, delayMs, type, data);
  }

  /** Run the world forward by `ms` of simulated time. */
  advance(ms: number): void {
    const until = this.now + Math.max(0, ms);
    let count = 0;
    let ev: SimEvent | undefined;
    while ((ev = clockNextDue(this.state.clock, until))) {
      HANDLERS[ev.type](this, ev.data);
      if (++count > MAX_EVENTS_PER_ADVANCE) throw new Error('event storm: too many events in one advance');
      // BGP events due at the same instant run back to back before routes move: the peers'
      // UPDATEs then carry every route that arrived in that instant, as BIRD batches them.
      const next = this.state.clock.events[0];
      if (ev.type.startsWith('bgp.') && next && next.at === ev.at && next.type.startsWith('bgp.')) continue;
      controllersReconcile(this, false, ev.type);
    }
    this.state.clock.now = until;
  }

  /** Let controllers and node agents converge on the current desired state. */
  reconcile(): void {
    controllersReconcile(this);
  }
}
