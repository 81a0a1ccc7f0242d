import { FakeOpenAI, userText } from './test/helpers/fake-openai.ts';
const fake = await new FakeOpenAI().start();
fake.onChat((r) => {
  const sys = r.messages[0]?.content ?? '';
  if (sys.startsWith('You rewrite')) return { content: /Last question: (.*)$/.exec(userText(r))?.[1] ?? '' };
  if (sys.startsWith('You combine')) {
    const notes = /<<<NOTES \w+>>>\n([\s\S]*?)\n<<<END NOTES/.exec(userText(r))?.[1] ?? '';
    return { content: notes.split(/\n\n+/).map((n) => `- ${n.replace(/\s+/g, ' ').trim()}`).join('\n') };
  }
  const ps = [...userText(r).matchAll(/<<<PASSAGE \[(\d+)\] (\w+)>>>[^\n]*\n([\s\S]*?)\n<<<END \[\1\] \2>>>/g)].map((m) => ({ n: m[1], text: m[3]! }));
  const s = ps.slice(0, 2).map((p) => `${(p.text.split(/(?<=[.!?])\s+|\n+/).find((x) => x.split(' ').length >= 8) ?? p.text).trim()} [${p.n}]`);
  return { content: s.join(' ') || 'NOT_COVERED' };
});
console.log(fake.baseURL);
