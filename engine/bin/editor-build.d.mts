/** The Chromium that browser tests launch (Debian's package). */
export declare const chromiumPath: string;
/** True when editor/dist is missing or older than the editor's sources. */
export declare function editorBuildStale(): boolean;
/** Builds the editor if its build is stale. */
export declare function ensureEditorBuilt(): void;
/** Installs Debian's chromium with apt-get when it is missing. */
export declare function ensureChromium(): void;
