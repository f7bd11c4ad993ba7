export declare const nodeTestArgs: readonly string[];
