/** A lab text: `# Title`, an introduction, then one `## Step title {#step-id}` section per step. */

export interface LabText {
  title: string;
  intro: string;
  steps: { id: string; title: string; markdown: string; line: number }[];
}

export function labTextParse(markdown: string): LabText {
  const lines = markdown.split('\n');
  const text: LabText = { title: '', intro: '', steps: [] };
  let current: LabText['steps'][number] | null = null;
  const intro: string[] = [];
  let body: string[] = [];
  let inFence = false;
  lines.forEach((line, i) => {
    if (line.startsWith('```')) inFence = !inFence;
    const h1 = !inFence && /^# (.+)$/.exec(line);
    const h2 = !inFence && /^## (.+?)\s*\{#([a-z0-9-]+)\}\s*$/.exec(line);
    if (h1 && !text.title) {
      text.title = h1[1].trim();
    } else if (h2) {
      if (current) current.markdown = body.join('\n').trim();
      current = { id: h2[2], title: h2[1].trim(), markdown: '', line: i + 1 };
      text.steps.push(current);
      body = [];
    } else if (current) body.push(line);
    else intro.push(line);
  });
  if (current) (current as LabText['steps'][number]).markdown = body.join('\n').trim();
  text.intro = intro.join('\n').trim();
  return text;
}
