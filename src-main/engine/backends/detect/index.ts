export {
  detectBackends,
  WELL_KNOWN_BACKENDS,
  type DetectedBackend,
  type DetectedFlavour,
  type DetectedModel,
  type DetectionResult,
  type DetectOptions,
} from './detect';
export { isThisComputerUrl } from './local-address';
