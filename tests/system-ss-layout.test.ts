/**
 * ss's column layout, checked against iproute2 6.1's own output captured in a network namespace
 * (a listener on 0.0.0.0:179 and a connection to it): into a pipe the columns are as wide as their
 * longest flushed token (the last token printed does not count), on an 80-column terminal the
 * spare width is spread over the columns.
 */
import { describe, it, expect } from 'vitest';
import { ssRender } from '../src/shell/commands/system/ss-render';

const row = (state: string, sendQ: number, la: string, lp: string, pa: string, pp: string, users = '') => ['tcp', state, '0     ', String(sendQ).padEnd(6), la + ':', lp, pa + ':', pp, users, ''];
const noNetid = [true, false, false, false, false, false, false, false, false, false];
const users = (pid: number, fd: number) => ` users:(("python3",pid=${pid},fd=${fd}))`;

describe('ss layout (iproute2 6.1, captured)', () => {
  it('ss -tanp into a pipe: the Process column as wide as the users of all but the last row', () => {
    const out = ssRender(
      [
        row('LISTEN', 8, '0.0.0.0', '179', '0.0.0.0', '*', users(14436, 3)),
        row('TIME-WAIT', 0, '172.16.11.81', '40123', '172.16.11.80', '179'),
        row('ESTAB', 0, '172.16.11.81', '40125', '172.16.11.80', '179', users(14436, 4)),
        row('ESTAB', 0, '172.16.11.80', '179', '172.16.11.81', '40125', users(14436, 5)),
      ],
      noNetid,
      true,
      null,
    );
    expect(out).toBe(
      'State     Recv-Q Send-Q Local Address:Port  Peer Address:Port Process                            \n' +
        'LISTEN    0      8            0.0.0.0:179        0.0.0.0:*     users:(("python3",pid=14436,fd=3))\n' +
        'TIME-WAIT 0      0       172.16.11.81:40123 172.16.11.80:179                                     \n' +
        'ESTAB     0      0       172.16.11.81:40125 172.16.11.80:179   users:(("python3",pid=14436,fd=4))\n' +
        'ESTAB     0      0       172.16.11.80:179   172.16.11.81:40125 users:(("python3",pid=14436,fd=5))\n',
    );
  });

  it('ss -tlnp with one listener: the header keeps Process unpadded', () => {
    expect(ssRender([row('LISTEN', 8, '0.0.0.0', '179', '0.0.0.0', '*', users(14436, 3))], noNetid, true, null)).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' + 'LISTEN 0      8            0.0.0.0:179       0.0.0.0:*    users:(("python3",pid=14436,fd=3))\n',
    );
  });

  it('ss -tnH: no header, so the columns fit the rows alone', () => {
    expect(ssRender([row('ESTAB', 0, '172.16.11.81', '40129', '172.16.11.80', '179'), row('ESTAB', 0, '172.16.11.80', '179', '172.16.11.81', '40129')], noNetid, false, null)).toBe(
      'ESTAB 0      0      172.16.11.81:40129 172.16.11.80:179  \n' + 'ESTAB 0      0      172.16.11.80:179   172.16.11.81:40129\n',
    );
  });

  it('ss -tlnp on an 80-column terminal spreads the spare width', () => {
    expect(ssRender([row('LISTEN', 8, '0.0.0.0', '179', '0.0.0.0', '*', users(15636, 3))], noNetid, true, 80)).toBe(
      'State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process  \n' + 'LISTEN   0        8                0.0.0.0:179           0.0.0.0:*      users:(("python3",pid=15636,fd=3))\n',
    );
  });

  it('ss -nt state syn-sent with nothing to show: the header alone, State hidden', () => {
    expect(ssRender([], [true, true, false, false, false, false, false, false, false, false], true, null)).toBe('Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
  });
});
