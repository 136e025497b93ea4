/**
 * An embedded Kubernetes API server emulator that behaves like the GSV platform: for local use (the CLI behind
 * `npm start`), integration tests, fault tests and benchmarks.
 *
 * @packageDocumentation
 */

export { startDevCluster } from './cluster/startDevCluster';
export { startDevFleet } from './cluster/startDevFleet';
export type { DevFleet, DevFleetOptions } from './cluster/startDevFleet';
export type { DevCluster, DevClusterMonitoring, DevClusterOptions, DevClusterSimulation } from './cluster/startDevCluster';
export type { MonitoringFault, MonitoringTarget } from './prometheus/MonitoringServers';
export { Tsdb } from './prometheus/Tsdb';
export { parsePromQL, evaluate as evaluatePromQL } from './prometheus/promql';
export { DevClusterStore } from './cluster/DevClusterStore';
export { SimulatedClock } from './clock/SimulatedClock';
export type { ClockOptions, ClockTimer } from './clock/SimulatedClock';
export { FaultInjector } from './faults/FaultInjector';
export type { ActiveFault, ErrorFault, LatencyFault, RequestMatcher } from './faults/FaultInjector';
export { RequestLog } from './server/RequestLog';
export type { RequestCounters, RequestLogEntry, RequestLogFilter } from './server/RequestLog';
export { RouteRegistry } from './server/RouteRegistry';
export type { DevClusterRoute, RouteContext } from './server/RouteRegistry';
export type { DevClusterTokens } from './rbac/TokenAuthenticator';
export type { AwsAuthOptions, AwsIdentity } from './rbac/AwsTokenVerifier';
export type { PermissionUse, PermissionUsageFile } from './rbac/PermissionUsage';
export { PermissionUsage } from './rbac/PermissionUsage';
export type { ControllerTiming } from './controllers/timing';
export { DEFAULT_TIMING } from './controllers/timing';
export { SimulationState } from './simulation/SimulationState';
export type { PendingGitChange, VolumeUsage } from './simulation/SimulationState';
export { ResourceUsageModel } from './simulation/resourceUsage';
export { ApiError } from './api/errors';
export type { SchemaViolation } from './api/schemaEnforcement';
export type { KubeObject, ObjectMeta, OwnerReference, Status, StoredObject, UserInfo, WatchEventType } from './api/types';
