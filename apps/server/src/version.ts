export const ARGUS_VERSION = '0.1.0';
