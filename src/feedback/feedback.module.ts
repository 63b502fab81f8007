import { Module } from '@nestjs/common';

/** Placeholder until its slices land. */
@Module({})
export class FeedbackModule {}
