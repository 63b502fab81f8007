import { Module } from '@nestjs/common';

/** Closing the loop: follow-ups raised by low CSAT and NPS detractors. */
@Module({})
export class FollowUpsModule {}
