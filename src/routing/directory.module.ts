import { Module } from '@nestjs/common';

/** Placeholder until agents and teams land. */
@Module({})
export class DirectoryModule {}
