/** Lengths of what units write to each other about access, in characters (code points). */
export const PURPOSE_MIN_LENGTH = 10;
export const PURPOSE_MAX_LENGTH = 2000;
export const REASON_MAX_LENGTH = 2000;
