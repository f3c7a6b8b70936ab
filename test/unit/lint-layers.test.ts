import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/** The layering rule must catch what ARCHITECTURE.md forbids (and allow what it allows). */
const eslint = new ESLint({ cwd: process.cwd() });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'berth/layers').map((m) => m.message);
}

describe('berth/layers lint rule', () => {
  it.each([
    ['electron/backend/engine/x.ts', "import { app } from 'electron';\nexport const a = app;", /must not import "electron"/],
    ['electron/backend/engine/x.ts', "import { f } from '../../main/ipc';\nexport const a = f;", /backend must not import from main/],
    ['shared/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;", /imports nothing but zod/],
    ['shared/x.ts', "import { Router } from '../electron/backend/rpc/router';\nexport const a = Router;", /shared must not import from backend/],
    ['renderer/src/x.ts', "import { Backend } from '../../electron/backend/backend';\nexport const a = Backend;", /renderer must not import from backend/],
    ['renderer/src/x.ts', "import { readFile } from 'fs';\nexport const a = readFile;", /no Node modules/],
    ['renderer/src/x.ts', "import Docker from 'dockerode';\nexport const a = Docker;", /through DesktopApi only/],
    ['electron/preload/x.ts', "import { ipcChannels } from '../../shared/protocol';\nexport const a = ipcChannels;", /only types from shared/],
    ['electron/preload/x.ts', "import { z } from 'zod';\nexport const a = z;", /may require only "electron"/],
    ['electron/main/x.ts', "import { App } from '../../renderer/src/App';\nexport const a = App;", /main must not import from renderer/],
  ])('flags %s: %s', async (file, code, message) => {
    const found = await problems(file, code);
    expect(found.length).toBe(1);
    expect(found[0]).toMatch(message);
  });

  it.each([
    ['electron/backend/engine/x.ts', "import { ok } from '../../../shared/result';\nimport Docker from 'dockerode';\nexport const a = [ok, Docker];"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { Backend } from '../backend/backend';\nexport const a = [app, Backend];"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';\nimport type { DesktopApi } from '../../shared/api';\nexport const a: DesktopApi | typeof contextBridge | null = null;"],
    ['renderer/src/x.ts', "import type { DesktopApi } from '../../shared/api';\nimport { create } from 'zustand';\nexport const a: DesktopApi | typeof create | null = null;"],
    ['shared/x.ts', "import { z } from 'zod';\nimport { ok } from './result';\nexport const a = [z, ok];"],
  ])('allows %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
