import { SkipIdempotency } from '../../../platform/idempotency/idempotency.decorators';
import { Body, Controller, Get, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../../auth/auth.decorators';
import { SURVEY_TOKEN_MAX_LENGTH, SURVEY_TOKEN_PATTERN } from '../survey-token';
import { AnswerSurveyRequest } from './answer-survey.request.dto';
import { PublicSurveyInterceptor } from './public-survey.interceptor';
import { PublicSurveyResponse, SurveyAnsweredResponse } from './public-survey.response.dto';
import { SurveyAnswers } from './survey-answers';

const ApiSurveyToken = (): MethodDecorator =>
  ApiParam({
    name: 'token',
    description: 'The token from the survey link.',
    schema: { type: 'string', pattern: SURVEY_TOKEN_PATTERN, maxLength: SURVEY_TOKEN_MAX_LENGTH },
  });

const PRIVACY =
  ' No login: the token is the credential. Responses carry `Referrer-Policy: no-referrer` and ' +
  '`Cache-Control: no-store`; each address may make 30 requests a minute to these routes (429).';

/** The customer's side of a CSAT or NPS survey, reached through the link in the survey message. */
@ApiTags('surveys')
@Controller('surveys')
@Public()
@UseInterceptors(PublicSurveyInterceptor)
export class PublicSurveyController {
  constructor(private readonly answers: SurveyAnswers) {}

  @Get(':token')
  @ApiOperation({
    summary: 'Show what a survey rates',
    description:
      'The question and the score range; for a CSAT survey also the ticket’s subject and the ' +
      'display name of the agent being rated (an NPS survey rates the company: neither is ' +
      `shown, nor anything about the customer).${PRIVACY}`,
  })
  @ApiSurveyToken()
  @ApiOkResponse({ type: PublicSurveyResponse })
  @ApiNotFoundResponse({ description: '`survey-not-found`: unknown or forged token.' })
  @ApiGoneResponse({ description: '`survey-expired`: the survey can no longer be answered.' })
  async show(@Param('token') token: string): Promise<PublicSurveyResponse> {
    return this.answers.show(await this.answers.open(token));
  }

  @Post(':token')
  @HttpCode(200)
  // Anonymous callers would share one idempotency scope; an answer is already safe to repeat
  // (a repeat within 24 h replaces the first), so the header is not honoured here.
  @SkipIdempotency()
  @ApiOperation({
    summary: 'Answer a survey',
    description:
      'Records SatisfactionRated on the ticket (CSAT, score 1–5) or NpsRated on the customer ' +
      '(NPS, score 0–10). A survey is answered once; a new answer within ' +
      `24 hours of the first replaces it (recorded as a new event naming the one it replaces).${PRIVACY}`,
  })
  @ApiSurveyToken()
  @ApiOkResponse({ type: SurveyAnsweredResponse, description: 'The answer was recorded.' })
  @ApiBadRequestResponse({
    description: '`validation-error`: score (out of the survey’s range), comment or extra fields.',
  })
  @ApiNotFoundResponse({ description: '`survey-not-found`: unknown or forged token.' })
  @ApiConflictResponse({
    description: '`survey-already-answered`: answered more than 24 hours ago.',
  })
  @ApiGoneResponse({ description: '`survey-expired`: the survey can no longer be answered.' })
  async answer(
    @Param('token') token: string,
    @Body() body: AnswerSurveyRequest,
    @Req() request: FastifyRequest,
  ): Promise<SurveyAnsweredResponse> {
    const survey = await this.answers.open(token);
    const recorded = await this.answers.answer(
      survey,
      { score: body.score, comment: body.comment ?? null },
      String(request.id),
    );
    return { replaced: recorded.replaces !== null };
  }
}
