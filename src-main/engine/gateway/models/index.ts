/**
 * The models sub-room's face: the models an app may ask for and what is known of each. Only this file is imported
 * from outside models/.
 */
export { ModelDetails } from './model-details';
export { modelList, type ListedModel } from './model-list';
