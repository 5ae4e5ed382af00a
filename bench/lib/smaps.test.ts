import { describe, expect, it } from 'vitest';
import { rssByMapping } from './smaps.js';

const sample = `55d0c0000000-55d0c2000000 r-xp 00000000 08:01 1234   /usr/bin/node
Size:              32768 kB
Rss:               20480 kB
55d0c4000000-55d0c6000000 rw-p 00000000 00:00 0      [heap]
Rss:               10240 kB
7f0000000000-7f0001000000 rw-p 00000000 00:00 0
Rss:                1024 kB
7f0002000000-7f0003000000 rw-p 00000000 00:00 0
Rss:                2048 kB
7f0004000000-7f0004100000 r--p 00000000 08:01 99     /opt/lib/better_sqlite3.node
Rss:                 512 kB
`;

describe('rssByMapping', () => {
  it('sums resident kB by mapping: anonymous regions together, files by base name', () => {
    expect(rssByMapping(sample)).toEqual({ node: 20, '[heap]': 10, anon: 3, 'better_sqlite3.node': 0.5 });
  });
});
