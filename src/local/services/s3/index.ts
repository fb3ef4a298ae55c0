// STUB so the emulator boots while the s3 service is being written; its owner replaces this file.
import type { ServiceFactory } from '../../service.js';

export const create: ServiceFactory = () => ({});
