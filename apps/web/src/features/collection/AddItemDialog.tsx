import { addItemInput, PAINTING_STAGES, type RouterOutputs } from '@plastic-crack/api-contract';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../components/ui/Alert.tsx';
import { Button } from '../../components/ui/Button.tsx';
import { Dialog } from '../../components/ui/Dialog.tsx';
import { Select, TextField } from '../../components/ui/Field.tsx';
import { RadioCards } from '../../components/ui/RadioCards.tsx';
import { Spinner } from '../../components/ui/Spinner.tsx';
import { useToast } from '../../components/ui/Toast.tsx';
import { describeError } from '../../lib/errors.ts';
import { validate, type FieldErrors } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { useDebouncedValue } from '../catalog/useDebouncedValue.ts';
import { formatMoney } from './money.ts';
import { STAGE_LABELS } from './stages.ts';
import './collection.css';

type Hit = RouterOutputs['catalog']['search']['items'][number];

const numberOrUndefined = (value: string) => (value.trim() === '' ? undefined : Number(value));
const textOrUndefined = (value: string) => (value.trim() === '' ? undefined : value);

/** Add an item from a catalogue search, or a custom one; checked with the contract's `addItemInput`. */
export function AddItemDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [mode, setMode] = useState<'catalog' | 'custom'>('catalog');
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Hit | null>(null);
  const [name, setName] = useState('');
  const [points, setPoints] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState('');
  const [purchaseDate, setPurchaseDate] = useState('');
  const [stage, setStage] = useState<string>('unpainted');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const debounced = useDebouncedValue(query.trim(), 300);
  const search = trpc.catalog.search.useQuery(
    { q: debounced, limit: 8 },
    { enabled: open && mode === 'catalog' && debounced.length > 0 && !picked },
  );

  const add = trpc.collection.add.useMutation({
    onSuccess: async (item) => {
      await Promise.all([
        utils.collection.list.invalidate(),
        utils.collection.stats.invalidate(),
        utils.collection.groups.invalidate(),
      ]);
      toast.show({ tone: 'success', title: 'Added to your collection' });
      onClose();
      void navigate(`/collection/${item.id}`);
    },
    onError: (error) => {
      const described = describeError(error);
      setErrors(described.fieldErrors);
      setFormError(described.message);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const values = {
      ...(mode === 'catalog' && picked ? { modelId: picked.id } : {}),
      name: mode === 'custom' ? name : textOrUndefined(name),
      pointsValue: mode === 'custom' ? numberOrUndefined(points) : undefined,
      quantity: numberOrUndefined(quantity),
      purchasePrice: numberOrUndefined(price),
      currency: textOrUndefined(currency),
      purchaseDate: textOrUndefined(purchaseDate),
      paintingStatus: stage,
    };
    if (mode === 'catalog' && !picked) {
      setErrors({ catalog: 'Search for a kit and pick one, or switch to a custom item' });
      return;
    }
    const checked = validate(addItemInput, values);
    if (!checked.success) {
      setErrors(checked.fieldErrors);
      setFormError(checked.formErrors[0] ?? null);
      return;
    }
    setErrors({});
    add.mutate(checked.data);
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add to your collection"
      description="Pick a kit from the catalogue, or describe one of your own."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="add-item-form" loading={add.isPending}>
            Add item
          </Button>
        </>
      }
    >
      <form id="add-item-form" className="stack" onSubmit={submit} noValidate>
        {formError ? <Alert tone="danger">{formError}</Alert> : null}
        <RadioCards
          name="add-mode"
          legend="What are you adding?"
          value={mode}
          onChange={(value) => setMode(value as 'catalog' | 'custom')}
          options={[
            { value: 'catalog', label: 'From the catalogue', description: 'Points and faction filled in' },
            { value: 'custom', label: 'Custom item', description: 'Kitbashes, third-party, old kits' },
          ]}
        />
        {mode === 'catalog' ? (
          picked ? (
            <div className="cluster">
              <span>
                <strong>{picked.name}</strong>{' '}
                <span className="muted">
                  {[picked.gameSystem?.name, picked.faction?.name].filter(Boolean).join(' · ')}
                </span>
              </span>
              <Button variant="ghost" size="sm" onClick={() => setPicked(null)}>
                Change
              </Button>
            </div>
          ) : (
            <div className="stack" style={{ '--stack-gap': 'var(--space-2)' } as React.CSSProperties}>
              <TextField
                label="Search the catalogue"
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                error={errors.catalog ?? errors.modelId}
                autoComplete="off"
              />
              {search.isFetching ? <Spinner label="Searching" /> : null}
              {search.isError ? <Alert tone="danger">{describeError(search.error).message}</Alert> : null}
              {search.data ? (
                search.data.items.length === 0 ? (
                  <p className="muted">Nothing matches. Try another word, or add a custom item.</p>
                ) : (
                  <ul className="pc-log" aria-label="Catalogue matches">
                    {search.data.items.map((hit) => (
                      <li key={hit.id}>
                        <Button
                          variant="ghost"
                          block
                          onClick={() => {
                            setPicked(hit);
                            setErrors({});
                          }}
                        >
                          {hit.name}
                          {hit.faction ? ` · ${hit.faction.name}` : ''}
                          {hit.msrp !== null ? ` · ${formatMoney(hit.msrp, hit.currency)}` : ''}
                        </Button>
                      </li>
                    ))}
                  </ul>
                )
              ) : null}
            </div>
          )
        ) : null}
        <TextField
          label={mode === 'custom' ? 'Name' : 'Your name for it (optional)'}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          required={mode === 'custom'}
        />
        <div className="pc-filters">
          {mode === 'custom' ? (
            <TextField
              label="Points"
              type="number"
              inputMode="numeric"
              min={0}
              value={points}
              onChange={(event) => setPoints(event.target.value)}
              error={errors.pointsValue}
            />
          ) : null}
          <TextField
            label="Quantity"
            type="number"
            inputMode="numeric"
            min={1}
            value={quantity}
            onChange={(event) => setQuantity(event.target.value)}
            error={errors.quantity}
          />
          <TextField
            label="Price paid (each)"
            type="number"
            inputMode="decimal"
            min={0}
            step="0.01"
            value={price}
            onChange={(event) => setPrice(event.target.value)}
            error={errors.purchasePrice}
          />
          <TextField
            label="Currency"
            placeholder="USD"
            maxLength={3}
            value={currency}
            onChange={(event) => setCurrency(event.target.value)}
            error={errors.currency}
          />
          <TextField
            label="Bought on"
            type="date"
            value={purchaseDate}
            onChange={(event) => setPurchaseDate(event.target.value)}
            error={errors.purchaseDate}
          />
          <Select
            label="Painting stage"
            value={stage}
            onChange={(event) => setStage(event.target.value)}
            options={PAINTING_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
            error={errors.paintingStatus}
          />
        </div>
      </form>
    </Dialog>
  );
}
