/**
 * The prebuilt first session (start-snapshot.ts). A production build replaces this module with
 * the snapshot computed at build time (prebuild.config.ts); in development and tests it is null
 * and `start` creates the session as it always did.
 */
import type { PrebuiltStart } from './start-snapshot';

export const prebuiltStart: PrebuiltStart | null = null;
