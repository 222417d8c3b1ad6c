import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ValidationFailedException } from '@postback/http';
import { type IntakeRequest } from '../auth/source-auth.guard';
import { IngestMetrics } from '../ingest.metrics';
import { bodyEncodingProblems, undecodableEscapes, unstorableText } from './storable-text';

const FORM = /^application\/x-www-form-urlencoded/i;

/**
 * Refuses (400, naming each field) any intake input that a store downstream would refuse or
 * silently change: invalid UTF-8 in the query or body, NUL or lone surrogates in any value or
 * name. Accepted text then reaches rules' PostgreSQL exactly as sent. Runs after authentication.
 */
@Injectable()
export class StorableInputGuard implements CanActivate {
  constructor(private readonly metrics: IngestMetrics) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IntakeRequest>();
    const queryStart = request.url.indexOf('?');
    const rawQuery = queryStart < 0 ? '' : request.url.slice(queryStart + 1);
    const raw = request.rawBody;
    const problems = [
      ...undecodableEscapes(rawQuery, '(query)'),
      ...bodyEncodingProblems(raw),
      ...(raw && FORM.test(request.headers['content-type'] ?? '')
        ? undecodableEscapes(raw.toString('latin1'), '(body)')
        : []),
      ...unstorableText(request.query),
      ...unstorableText(request.body),
    ];
    if (problems.length === 0) return true;
    const kind = request.url.startsWith('/v1/call-events') ? 'call_event' : 'disposition';
    this.metrics.events.inc({ kind, source_id: request.intakeSource!.id, outcome: 'invalid' });
    throw new ValidationFailedException(problems);
  }
}
