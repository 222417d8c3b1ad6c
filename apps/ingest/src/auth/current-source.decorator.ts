import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { type ResolvedSource } from '../sources/source-directory';
import { type IntakeRequest } from './source-auth.guard';

/** The source SourceAuthGuard authenticated for this request. */
export const CurrentSource = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ResolvedSource =>
    context.switchToHttp().getRequest<IntakeRequest>().intakeSource!,
);
