import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { NpsSurveys } from '../../nps/nps-surveys';
import { SurveyNotFound } from '../survey.errors';
import {
  SURVEY_ID_EXAMPLE,
  SURVEY_ID_PATTERN,
  SurveyLinkResponse,
  surveyIdFromPath,
} from '../survey.http';
import { SurveyRecords } from '../survey-records';
import { SurveyTokens } from '../survey-token';

@ApiTags('surveys')
@Controller('feedback/surveys')
export class GetSurveyLinkController {
  constructor(
    private readonly surveys: SurveyRecords,
    private readonly tokens: SurveyTokens,
    private readonly nps: NpsSurveys,
  ) {}

  @Get(':id/link')
  @Roles('integrator', 'admin')
  @ApiOperation({
    summary: 'Get the customer link of a survey',
    description:
      'For whoever delivers surveys (a mailer, an SMS gateway): the public link the customer ' +
      'answers at, for CSAT and NPS surveys alike. The token in it is derived from the survey ' +
      'id under a server secret and is never recorded in any event.',
  })
  @ApiParam({
    name: 'id',
    description: 'The survey id (from SurveyIssued or NpsSurveyIssued).',
    example: SURVEY_ID_EXAMPLE,
    schema: { type: 'string', pattern: SURVEY_ID_PATTERN.source, maxLength: 36 },
  })
  @ApiOkResponse({ type: SurveyLinkResponse })
  @ApiNotFoundResponse({ description: '`survey-not-found`: there is no such survey.' })
  async link(@Param('id') id: string): Promise<SurveyLinkResponse> {
    const surveyId = surveyIdFromPath(id);
    const survey = (await this.surveys.find(surveyId)) ?? (await this.nps.find(surveyId));
    if (!survey) throw new SurveyNotFound();
    return {
      url: `/surveys/${this.tokens.tokenFor(survey.surveyId)}`,
      expiresAt: survey.expiresAt,
    };
  }
}
