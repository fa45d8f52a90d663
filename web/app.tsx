import { createRoot } from 'react-dom/client';
import './app.css';
createRoot(document.getElementById('root')!).render(<p>OneTable</p>);
