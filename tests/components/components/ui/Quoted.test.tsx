/**
 * Foreign text is quoted in the page's language: “…” in English, „…“ in German, and the same marks where a plain
 * sentence quotes it (`quoteForeignText`), so one page never mixes the two.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { quoteForeignText } from '@shared/text/foreign-text';
import { Quoted } from '@renderer/components/ui/Quoted';
import { useProviderStore } from '@renderer/store';

describe('Quoted', () => {
  it('quotes in English marks on an English page', () => {
    render(<Quoted text="qwen2.5:7b" />);
    expect(screen.getByTestId('quoted').textContent).toBe('“qwen2.5:7b”');
    expect(quoteForeignText('qwen2.5:7b')).toBe('“qwen2.5:7b”');
  });

  it('quotes in German marks on a German page, in a component and in a plain sentence alike', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    useProviderStore.setState({ language: 'de' });
    render(<Quoted text={'qwen\u202e2.5:7b'} />);
    expect(screen.getByTestId('quoted').textContent).toBe('„qwen2.5:7b“');
    expect(quoteForeignText('qwen2.5:7b')).toBe('„qwen2.5:7b“');
  });
});
