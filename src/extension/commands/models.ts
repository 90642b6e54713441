// LDB: Set API Key and LDB: Select Model. Keys go to SecretStorage only, one per server origin;
// the model choice goes to the `ldb.llm.*` settings (where the user keeps them: workspace if set
// there, else user settings).
import * as vscode from 'vscode';
import { OPENAI_BASE_URL, isLoopbackUrl } from '../../core/llm/config';
import { readLlmSettings, SECTION } from '../config';
import type { LdbContext } from '../context';
import { describeModel } from '../llm/vscodeLm';
import { secretName } from '../llm/select';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

async function updateSetting(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect(key);
  const target =
    inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}

/** A string argument sets the key without asking (automation); an empty one removes it. */
export const setApiKey =
  (ctx: LdbContext) =>
  async (arg?: unknown): Promise<boolean> => {
    const url = readLlmSettings().baseUrl || OPENAI_BASE_URL;
    const host = hostOf(url);
    const name = secretName(url);
    const secrets = ctx.extension.secrets;
    let key = typeof arg === 'string' ? arg : undefined;
    if (key === undefined) {
      const stored = (await secrets.get(name)) !== undefined;
      ctx.prompting = 'api-key';
      try {
        key = await vscode.window.showInputBox({
          title: `LDB: API key for ${host}`,
          prompt:
            `Kept in VS Code's secret storage and sent only to ${host} (ldb.llm.baseUrl).` +
            (stored ? ' Leave empty to remove the stored key.' : ''),
          password: true,
          ignoreFocusOut: true,
        });
      } finally {
        ctx.prompting = undefined;
      }
      if (key === undefined) return false;
    }
    if (key.trim() === '') {
      await secrets.delete(name);
      ctx.notify.info(`the API key for ${host} was removed.`);
      return true;
    }
    await secrets.store(name, key.trim());
    ctx.notify.info(
      `API key for ${host} saved in VS Code's secret storage` +
        (isLoopbackUrl(url) ? ' (a server on this machine needs none; it is sent anyway).' : '.'),
    );
    return true;
  };

interface ModelItem extends vscode.QuickPickItem {
  pick: { kind: 'vscode-lm'; id: string } | { kind: 'openai-compatible' } | { kind: 'auto' };
}

export const selectModel = (ctx: LdbContext) => async (): Promise<boolean> => {
  const settings = readLlmSettings();
  const models = typeof vscode.lm?.selectChatModels === 'function' ? await vscode.lm.selectChatModels() : [];
  const items: ModelItem[] = [
    ...models.map((m): ModelItem => ({
      label: m.name,
      description: `${m.vendor} · ${m.family}`,
      detail: describeModel(m),
      picked: settings.provider !== 'openai-compatible' && settings.vscodeModel === m.id,
      pick: { kind: 'vscode-lm', id: m.id },
    })),
    {
      label: '$(server) OpenAI-compatible server…',
      description:
        settings.baseUrl || settings.model
          ? `${settings.model || '(no model)'} at ${settings.baseUrl || OPENAI_BASE_URL}`
          : 'OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio, OpenRouter',
      pick: { kind: 'openai-compatible' },
    },
    {
      label: '$(sync) Automatic',
      description: 'a VS Code model when there is one, else the server settings',
      pick: { kind: 'auto' },
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'LDB: Select Model',
    placeHolder:
      models.length === 0
        ? 'No VS Code language model is installed: use a server'
        : 'The model that judges blocks and proposes fixes',
  });
  if (!picked) return false;
  if (picked.pick.kind === 'auto') {
    await updateSetting('llm.provider', 'auto');
    ctx.notify.info('model: automatic.');
    return true;
  }
  if (picked.pick.kind === 'vscode-lm') {
    await updateSetting('llm.provider', 'vscode-lm');
    await updateSetting('llm.vscodeModel', picked.pick.id);
    ctx.notify.info(`model: ${picked.label}.`);
    return true;
  }
  const baseUrl = await vscode.window.showInputBox({
    title: 'LDB: server base URL',
    prompt: 'OpenAI-compatible base URL (empty: https://api.openai.com/v1)',
    value: settings.baseUrl,
    placeHolder: 'http://localhost:11434/v1',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v.trim() === '') return undefined;
      try {
        const u = new URL(v.trim());
        return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'an http(s) URL';
      } catch {
        return 'not a URL';
      }
    },
  });
  if (baseUrl === undefined) return false;
  const model = await vscode.window.showInputBox({
    title: 'LDB: model name',
    prompt: 'A model the server lists at /models (empty on api.openai.com: gpt-4o-mini)',
    value: settings.model,
    ignoreFocusOut: true,
  });
  if (model === undefined) return false;
  await updateSetting('llm.provider', 'openai-compatible');
  await updateSetting('llm.baseUrl', baseUrl.trim());
  await updateSetting('llm.model', model.trim());
  const url = baseUrl.trim() || OPENAI_BASE_URL;
  if (!isLoopbackUrl(url) && (await ctx.extension.secrets.get(secretName(url))) === undefined) {
    await ctx.runCommand('ldb.setApiKey');
  } else ctx.notify.info(`model: ${model.trim() || 'gpt-4o-mini'} at ${url}.`);
  return true;
};
