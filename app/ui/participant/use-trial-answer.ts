'use client';
/**
 * What every trial runner does around its own presentation: shows the response options in
 * the frame the schedule says (recording that frame's time and length), takes the first
 * answer only, and reports it with the response time from the options' onset. The timing
 * record is the runner's own (its onsets and offsets), completed here.
 */
import { useEffect, useRef } from 'react';
import { MAX_RT_MS } from '../../lib/trial-types/two-afc';
import { roundMs as round } from './frame-schedule';

interface OptionsTiming {
  optionsOnsetMs: number | null;
  frameMs?: number | null;
}

export function useTrialAnswer<C extends string, T extends OptionsTiming>(initialTiming: T, onAnswer: (data: { choice: C; rtMs: number; timing: T }) => void) {
  const optionsRef = useRef<HTMLDivElement>(null);
  const questionRef = useRef<HTMLDivElement>(null);
  const optionsOnset = useRef<number | null>(null);
  const answered = useRef(false);
  const timing = useRef<T>(initialTiming);
  const onAnswerRef = useRef(onAnswer);
  useEffect(() => {
    onAnswerRef.current = onAnswer;
  });

  /** Call inside the frame callback: t is ms since the trial's start frame, ts the frame's timestamp. */
  const showOptions = (question: string, t: number, ts: number, frameMs: number | null) => {
    optionsRef.current!.style.visibility = 'visible';
    questionRef.current!.textContent = question;
    optionsOnset.current = ts;
    timing.current.optionsOnsetMs = t;
    timing.current.frameMs = frameMs === null ? null : round(frameMs);
  };

  const answer = (choice: C, eventTime: number) => {
    if (answered.current || optionsOnset.current === null) return;
    answered.current = true;
    for (const b of optionsRef.current?.querySelectorAll('button') ?? []) b.disabled = true;
    onAnswerRef.current({ choice, rtMs: round(Math.min(MAX_RT_MS, Math.max(0, eventTime - optionsOnset.current))), timing: { ...timing.current } });
  };

  return { optionsRef, questionRef, timing, showOptions, answer };
}
