import { Module } from '@nestjs/common';

/** NPS relationship surveys on the customer's stream. */
@Module({})
export class NpsModule {}
