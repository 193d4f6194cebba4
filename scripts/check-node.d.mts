/** Types of check-node.mjs, for the headless entry and the tests. */
export declare const MINIMUM_NODE: string;
export declare function isSupportedNode(version: string, minimum?: string): boolean;
export declare function nodeVersionProblem(version: string): string | null;
