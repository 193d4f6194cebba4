/**
 * The availability room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { AvailabilitySwitch } from './availability-switch';
export { AvailabilityController } from './controller';
export { nextChange, shareAt } from './evaluator';
export { type HostConditions } from './policy';
export { ScheduleCommands, scheduleCommands } from './schedule-commands';
export { systemTimeZone } from './schedule';
