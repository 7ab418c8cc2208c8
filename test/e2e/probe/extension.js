// Another extension using Switchyard through the Language Model API, as any extension would. It writes what it saw
// to $SWITCHYARD_PROBE_OUT for the e2e test to read.
const vscode = require('vscode');
const fs = require('fs');

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('switchyardProbe.ask', async () => {
      const result = { models: [], text: '', chunks: 0 };
      try {
        const models = await vscode.lm.selectChatModels({ vendor: 'switchyard' });
        result.models = models.map((m) => ({ id: m.id, name: m.name, vendor: m.vendor, family: m.family, maxInputTokens: m.maxInputTokens }));
        const model = models.find((m) => m.id === 'auto');
        if (!model) throw new Error('no "auto" model from vendor switchyard');
        result.tokens = await model.countTokens('Write a TypeScript function that merges two sorted arrays');
        const source = new vscode.CancellationTokenSource();
        const response = await model.sendRequest(
          [vscode.LanguageModelChatMessage.User('Write a TypeScript function that merges two sorted arrays of numbers in linear time, with tests.')],
          { justification: 'Switchyard end-to-end test' },
          source.token,
        );
        for await (const chunk of response.text) {
          result.text += chunk;
          result.chunks += 1;
        }
      } catch (error) {
        result.error = String((error && error.message) || error);
      }
      fs.writeFileSync(process.env.SWITCHYARD_PROBE_OUT, JSON.stringify(result, null, 2));
    }),
  );
};
