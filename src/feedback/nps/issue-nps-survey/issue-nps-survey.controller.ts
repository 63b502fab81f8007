import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { ApiIdempotencyKey } from '../../../platform/idempotency/idempotency.decorators';
import { NpsSurveys } from '../nps-surveys';
import { IssueNpsSurveyRequest, NpsSurveyIssuedResponse } from './issue-nps-survey.request.dto';

@ApiTags('surveys')
@Controller('surveys')
export class IssueNpsSurveyController {
  constructor(private readonly surveys: NpsSurveys) {}

  @Post('nps')
  @Roles('admin', 'supervisor', 'integrator')
  @ApiOperation({
    summary: 'Issue an NPS survey to a customer',
    description:
      'Records NpsSurveyIssued on the customer’s stream: “how likely are you to recommend us”, ' +
      '0–10, valid 14 days. A customer has one open survey at a time: while one is unanswered ' +
      'and valid, another is refused with 409 `nps-survey-open`, whose `surveyId` names the open ' +
      'one. The customer link comes from `GET /feedback/surveys/{id}/link`.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: NpsSurveyIssuedResponse, description: 'The survey was issued.' })
  @ApiBadRequestResponse({ description: '`validation-error`: customerId missing or malformed.' })
  @ApiForbiddenResponse({ description: '`forbidden`: not an admin, supervisor or integrator.' })
  @ApiNotFoundResponse({ description: '`customer-not-found`: no such customer.' })
  @ApiConflictResponse({
    description: '`nps-survey-open`: the customer has an unanswered, unexpired NPS survey.',
  })
  async issue(
    @Body() body: IssueNpsSurveyRequest,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<NpsSurveyIssuedResponse> {
    const issued = await this.surveys.issue(body.customerId, context);
    return {
      surveyId: issued.surveyId,
      customerId: issued.customerId,
      issuedAt: issued.issuedAt,
      expiresAt: issued.expiresAt,
    };
  }
}
