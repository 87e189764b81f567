import { useShallow } from 'zustand/react/shallow';
import { describeNode, useCatalog } from '../api/catalog.ts';
import { ExperimentPanel } from '../experiments/ExperimentPanel.tsx';
import { useJourney } from '../journey/store.ts';
import { TemplatePreview } from '../templates/TemplatePreview.tsx';
import { fieldError, useProblems } from '../validation/problems.ts';
import { FieldInput } from './FieldInput.tsx';
import { InspectedStep } from './inspected-step.ts';
import { defaultConfig, fieldsOf, visibleFields, withField } from './fields.ts';
import { SettingsPanel } from './SettingsPanel.tsx';

/** The right-hand panel: the selected node's generated form, or the journey's settings when nothing is selected. */
export function Inspector() {
  const selected = useJourney(useShallow((s) => s.nodes.filter((n) => n.selected)));
  const readOnly = useJourney((s) => s.readOnly);
  const catalog = useCatalog((s) => s.nodes);
  const byNode = useProblems((s) => s.byNode);
  const [node] = selected;
  if (selected.length !== 1 || !node) {
    return (
      <aside className="inspector" aria-label="Inspector">
        {selected.length > 1 ? (
          <p>{selected.length} steps selected. Delete, copy or drag them together.</p>
        ) : (
          <SettingsPanel />
        )}
      </aside>
    );
  }
  const description = describeNode(catalog, node.data.nodeType);
  const problems = byNode.get(node.id) ?? [];
  const config = node.data.config;
  // Only the fields the config calls for (a delay's mode); a problem with a hidden field is listed below the form.
  const fields = visibleFields(fieldsOf(description?.configSchema), config, defaultConfig(description?.configSchema));
  const templateField = fields.find((f) => f.kind === 'template');
  const template = templateField ? config[templateField.name] : undefined;
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>
        {description?.label ?? node.data.nodeType} <small>{node.id}</small>
      </h2>
      {description ? (
        <p className="hint">{description.description}</p>
      ) : (
        <p className="error">This node type is not installed on the server.</p>
      )}
      <form aria-label={`Settings of ${node.id}`} onSubmit={(e) => e.preventDefault()}>
        <InspectedStep value={node.id}>
          {fields.map((field) => (
            <FieldInput
              key={`${node.id}.${field.name}`}
              field={field}
              value={config[field.name]}
              error={fieldError(problems, field.name)}
              disabled={readOnly}
              onChange={(value) => useJourney.getState().setConfig(node.id, withField(config, field.name, value))}
            />
          ))}
        </InspectedStep>
        {fields.length === 0 && <p>Nothing to set up.</p>}
      </form>
      {problems
        .filter((p) => !fields.some((f) => fieldError([p], f.name)))
        .map((p, i) => (
          <p key={i} className="error" role="alert">
            {p.message}
          </p>
        ))}
      {typeof template === 'string' && template !== '' && <TemplatePreview templateId={template} />}
      <ExperimentPanel stepId={node.id} />
    </aside>
  );
}
